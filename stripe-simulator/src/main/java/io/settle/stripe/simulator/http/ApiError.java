package io.settle.stripe.simulator.http;

/**
 * A Stripe API error: the HTTP status and the error object Stripe would send. Thrown anywhere in
 * request handling and rendered once, by {@link StripeApiHandler}.
 */
public final class ApiError extends RuntimeException {

  public static final String INVALID_REQUEST = "invalid_request_error";
  public static final String CARD_ERROR = "card_error";
  public static final String IDEMPOTENCY_ERROR = "idempotency_error";
  public static final String API_ERROR = "api_error";

  private final int status;
  private final ErrorBody body;

  private ApiError(int status, ErrorBody body) {
    super(body.message(), null, false, false);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public ErrorBody body() {
    return body;
  }

  /**
   * Whether Stripe tells the client to retry ({@code Stripe-Should-Retry}); empty where Stripe
   * sends no opinion.
   */
  public Boolean shouldRetry() {
    if (status == 409 || status == 429 || status >= 500) {
      return true;
    }
    if (status == 402 || IDEMPOTENCY_ERROR.equals(body.type())) {
      return false;
    }
    return null;
  }

  public static ApiError invalidRequest(String message, String param, String code) {
    return new ApiError(400, body(INVALID_REQUEST, code, null, message, param));
  }

  public static ApiError invalidRequest(String message, String param) {
    return invalidRequest(message, param, null);
  }

  public static ApiError parameterMissing(String param) {
    return invalidRequest("Missing required param: " + param + ".", param, "parameter_missing");
  }

  public static ApiError invalidInteger(String param, String value) {
    return invalidRequest("Invalid integer: " + value, param, "parameter_invalid_integer");
  }

  /** 404 for an id that does not exist, e.g. {@code resourceMissing("customer", id, "id")}. */
  public static ApiError resourceMissing(String noun, String id, String param) {
    return new ApiError(
        404,
        body(
            INVALID_REQUEST,
            "resource_missing",
            null,
            "No such " + noun + ": '" + id + "'",
            param));
  }

  public static ApiError unrecognizedUrl(String method, String path) {
    return new ApiError(
        404,
        body(
            INVALID_REQUEST,
            null,
            null,
            "Unrecognized request URL ("
                + method
                + ": "
                + path
                + "). Please see https://stripe.com/docs or we can help at"
                + " https://support.stripe.com/.",
            null));
  }

  public static ApiError unexpectedState(String message) {
    return invalidRequest(message, null, "payment_intent_unexpected_state");
  }

  public static ApiError authentication(String message) {
    return new ApiError(401, body(INVALID_REQUEST, null, null, message, null));
  }

  public static ApiError idempotencyMismatch(String message) {
    return new ApiError(400, body(IDEMPOTENCY_ERROR, null, null, message, null));
  }

  public static ApiError idempotencyKeyInUse(String key) {
    return new ApiError(
        409,
        body(
            IDEMPOTENCY_ERROR,
            "idempotency_key_in_use",
            null,
            "There is currently another in-progress request using this Idempotent Key (that"
                + " probably means you submitted twice, and the other request is still going"
                + " through): "
                + key
                + ". Please try again later.",
            null));
  }

  public static ApiError rateLimit() {
    return new ApiError(
        429,
        body(
            INVALID_REQUEST,
            "rate_limit",
            null,
            "Request rate limit exceeded. Learn more about rate limits here"
                + " https://stripe.com/docs/rate-limits.",
            null));
  }

  public static ApiError lockTimeout() {
    return new ApiError(
        429,
        body(
            INVALID_REQUEST,
            "lock_timeout",
            null,
            "This object cannot be accessed right now because another API request or Stripe"
                + " process is currently accessing it. If you see this error intermittently,"
                + " retry the request. If you see this error frequently and are making multiple"
                + " concurrent requests to a single object, make your requests serially or at a"
                + " lower rate.",
            null));
  }

  public static ApiError internal() {
    return new ApiError(500, body(API_ERROR, null, null, "An unknown error occurred", null));
  }

  /**
   * A 402 for a payment the card network refused. The PaymentIntent and PaymentMethod ride along in
   * the error, as on Stripe.
   */
  public static ApiError card(
      String code,
      String declineCode,
      String message,
      String param,
      String chargeId,
      Object paymentIntent,
      Object paymentMethod) {
    return new ApiError(
        402,
        new ErrorBody(
            CARD_ERROR,
            code,
            declineCode,
            message,
            param,
            docUrl(code),
            chargeId,
            paymentIntent,
            paymentMethod,
            paymentMethod == null ? null : "card",
            null,
            null));
  }

  /** The same error carrying the SetupIntent it is about, as Stripe sends setup errors. */
  public ApiError withSetupIntent(Object setupIntent) {
    return new ApiError(status, body.withSetupIntent(setupIntent));
  }

  ApiError withRequestLogUrl(String url) {
    return new ApiError(status, body.withRequestLogUrl(url));
  }

  private static ErrorBody body(
      String type, String code, String declineCode, String message, String param) {
    return new ErrorBody(
        type, code, declineCode, message, param, docUrl(code), null, null, null, null, null, null);
  }

  /** Stripe links each error code to its page: {@code card_declined} → {@code card-declined}. */
  public static String docUrl(String code) {
    return code == null ? null : "https://stripe.com/docs/error-codes/" + code.replace('_', '-');
  }
}
