package io.settle.stripe.gateway;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.exception.oauth.OAuthException;
import com.stripe.model.PaymentIntent;
import io.settle.stripe.gateway.PaymentResult.Outcome;

/**
 * The one converter from what Stripe said to what Settle decides on. Pure: no I/O, no clock, so
 * every status and every exception class has a unit test.
 */
public final class PaymentOutcomes {

  /** Whether the failed call could have changed something at Stripe, which decides on 5xx. */
  public enum Call {
    READ,
    WRITE
  }

  private PaymentOutcomes() {}

  /** A PaymentIntent Stripe returned, by its status. */
  public static PaymentResult of(PaymentIntent intent) {
    String status = intent.getStatus();
    Outcome outcome =
        switch (status == null ? "" : status) {
          case "succeeded" -> Outcome.SUCCEEDED;
          case "processing", "requires_action", "requires_capture" -> Outcome.PENDING;
          // After a confirm, requires_payment_method means the method failed; canceled is final.
          case "requires_payment_method", "canceled" -> Outcome.DECLINED;
          // requires_confirmation after a confirm call, or a status this code does not know yet.
          default -> Outcome.UNKNOWN;
        };
    var lastError = intent.getLastPaymentError();
    return new PaymentResult(
        outcome,
        intent.getId(),
        status,
        intent.getAmountReceived() == null ? 0 : intent.getAmountReceived(),
        lastError == null ? null : lastError.getCode(),
        lastError == null ? null : lastError.getDeclineCode(),
        lastError == null ? null : lastError.getMessage());
  }

  /**
   * A failed charge. Card errors are declines (a result); 5xx are UNKNOWN (the charge may have
   * happened, so the caller resolves by lookup); everything else is a {@link GatewayException}.
   */
  public static PaymentResult of(StripeException e) {
    return switch (e) {
      case CardException card -> {
        PaymentIntent intent =
            card.getStripeError() == null ? null : card.getStripeError().getPaymentIntent();
        yield new PaymentResult(
            Outcome.DECLINED,
            intent == null ? null : intent.getId(),
            intent == null ? null : intent.getStatus(),
            0,
            card.getCode(),
            card.getDeclineCode(),
            card.getStripeError() == null ? card.getMessage() : card.getStripeError().getMessage());
      }
      case ApiException api when serverError(api) ->
          new PaymentResult(
              Outcome.UNKNOWN,
              null,
              null,
              0,
              api.getCode(),
              null,
              "Stripe answered " + api.getStatusCode());
      default -> throw failure(e, Call.WRITE);
    };
  }

  /** The gateway failure for a failed read (kept for callers that predate {@link Call}). */
  public static GatewayException failure(StripeException e) {
    return failure(e, Call.READ);
  }

  /** The gateway failure for a Stripe exception that is not a payment outcome. */
  public static GatewayException failure(StripeException e, Call call) {
    GatewayException.Kind kind =
        switch (e) {
          case CardException ignored -> GatewayException.Kind.DECLINED;
          case RateLimitException ignored -> GatewayException.Kind.RETRYABLE;
          // The key travels with the retry, so Stripe answers a repeat with what it already did.
          case ApiConnectionException ignored -> GatewayException.Kind.RETRYABLE;
          // PermissionException is a subclass of AuthenticationException: the narrower case first.
          case PermissionException ignored -> GatewayException.Kind.PERMISSION;
          case AuthenticationException ignored -> GatewayException.Kind.AUTHENTICATION;
          case OAuthException ignored -> GatewayException.Kind.AUTHENTICATION;
          case IdempotencyException ignored -> GatewayException.Kind.IDEMPOTENCY_CONFLICT;
          case InvalidRequestException ignored -> GatewayException.Kind.INVALID_REQUEST;
          // A 5xx is kept under the key: a write's replay would only repeat it.
          case ApiException api when serverError(api) && call == Call.WRITE ->
              GatewayException.Kind.OUTCOME_UNKNOWN;
          // Other 5xx on reads, and 409 (a concurrent request under the same key): try again.
          case ApiException ignored -> GatewayException.Kind.RETRYABLE;
          // Signature and event deserialization errors: local, never fixed by retrying.
          default -> GatewayException.Kind.INVALID_REQUEST;
        };
    return new GatewayException(
        kind,
        safeMessage(e),
        e.getCode(),
        e instanceof CardException card ? card.getDeclineCode() : null,
        e.getRequestId(),
        e.getStatusCode(),
        e);
  }

  private static boolean serverError(ApiException api) {
    return api.getStatusCode() == null || api.getStatusCode() >= 500;
  }

  // StripeException messages may echo the key's last characters; never more than Stripe masks.
  private static String safeMessage(StripeException e) {
    return e.getStripeError() != null && e.getStripeError().getMessage() != null
        ? e.getStripeError().getMessage()
        : e.getClass().getSimpleName();
  }
}
