package io.settle.persistence.payment;

import java.time.LocalDateTime;

/**
 * One try at charging, written before Stripe is called.
 *
 * @param paymentMethodId the method the attempt charges, fixed when it is written; null when the
 *     customer had none
 */
public record PaymentAttempt(
    long id,
    long merchantId,
    long invoiceId,
    int attemptNumber,
    String idempotencyKey,
    long amount,
    String currency,
    String source,
    String paymentMethodId,
    AttemptStatus status,
    String stripePaymentIntentId,
    String gatewayErrorCode,
    String gatewayDeclineCode,
    String gatewayErrorMessage,
    LocalDateTime createdAt,
    LocalDateTime updatedAt) {

  public enum AttemptStatus {
    /** Written, not yet answered by the gateway. */
    PENDING,
    SUCCEEDED,
    DECLINED,
    /** The gateway accepted it and is still working (ACH, 3-D Secure). */
    PROCESSING,
    /** No reliable answer yet; resolved by lookup. */
    UNKNOWN
  }
}
