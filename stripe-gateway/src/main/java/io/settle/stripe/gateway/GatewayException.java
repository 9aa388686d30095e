package io.settle.stripe.gateway;

/**
 * A Stripe failure that is not a payment outcome: the request never produced a decision. Carries
 * Stripe's code, decline code, request id and HTTP status so callers can store and show them.
 */
public class GatewayException extends RuntimeException {

  /** What kind of trouble, which decides whether a retry with the same key can help. */
  public enum Kind {
    /** 429, 409, a connection failure, or a read that got a 5xx: retry with the same key. */
    RETRYABLE(true),
    /** The secret key is wrong or revoked. */
    AUTHENTICATION(false),
    /** The key lacks a permission (restricted keys). */
    PERMISSION(false),
    /** Stripe rejected the request itself: a Settle bug or bad data. */
    INVALID_REQUEST(false),
    /** The same idempotency key came with different parameters: a Settle bug. */
    IDEMPOTENCY_CONFLICT(false),
    /**
     * The card or bank refused outside a charge (attaching a method, confirming a setup): the
     * customer must bring another method. Charges report declines as results, never as this.
     */
    DECLINED(false),
    /**
     * A write got a 5xx: it may have been carried out. Stripe keeps the answer under the key, so
     * the same key replays it; look the object up instead. Charges report this as UNKNOWN.
     */
    OUTCOME_UNKNOWN(false);

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
  private final String declineCode;
  private final String requestId;
  private final Integer httpStatus;

  public GatewayException(
      Kind kind,
      String message,
      String code,
      String requestId,
      Integer httpStatus,
      Throwable cause) {
    this(kind, message, code, null, requestId, httpStatus, cause);
  }

  public GatewayException(
      Kind kind,
      String message,
      String code,
      String declineCode,
      String requestId,
      Integer httpStatus,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
    this.declineCode = declineCode;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  /** Stripe's error {@code code}, or Settle's own ({@code settle_write_pacing}) before a call. */
  public String code() {
    return code;
  }

  /** Stripe's {@code decline_code} for card errors ({@code insufficient_funds}, ...). */
  public String declineCode() {
    return declineCode;
  }

  public String requestId() {
    return requestId;
  }

  public Integer httpStatus() {
    return httpStatus;
  }
}
