package io.settle.stripe.gateway;

/**
 * A Stripe failure that is not a payment outcome: the request never produced a decision. Carries
 * Stripe's code, request id and HTTP status so callers can store and show them.
 */
public class GatewayException extends RuntimeException {

  /** What kind of trouble, which decides whether a retry with the same key can help. */
  public enum Kind {
    /** 429 or a connection failure: retry with the same idempotency key. */
    RETRYABLE(true),
    /** The secret key is wrong or revoked. */
    AUTHENTICATION(false),
    /** The key lacks a permission (restricted keys). */
    PERMISSION(false),
    /** Stripe rejected the request itself: a Settle bug or bad data. */
    INVALID_REQUEST(false),
    /** The same idempotency key came with different parameters: a Settle bug. */
    IDEMPOTENCY_CONFLICT(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String code;
  private final String requestId;
  private final Integer httpStatus;

  public GatewayException(
      Kind kind,
      String message,
      String code,
      String requestId,
      Integer httpStatus,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public String requestId() {
    return requestId;
  }

  public Integer httpStatus() {
    return httpStatus;
  }
}
