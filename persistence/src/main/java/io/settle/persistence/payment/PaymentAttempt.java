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
    /** The gateway accepted it and the money is moving (an ACH debit, say). */
    PROCESSING,
    /** Waiting on the customer: 3-D Secure, or a bank account to verify. */
    REQUIRES_ACTION,
    /** No reliable answer yet; resolved by lookup. */
    UNKNOWN
  }
}
