package io.settle.workflows.charge;

/**
 * One off-session charge of a saved payment method, as the gateway needs it. The idempotency key is
 * decided by the workflow and goes to Stripe unchanged, so a retried activity can never make a
 * second PaymentIntent.
 *
 * @param receiptEmail where Stripe emails its receipt, when the merchant lets Stripe send receipts;
 *     otherwise null (Settle sends its own confirmation)
 */
public record ChargeRequest(
    String idempotencyKey,
    long merchantId,
    long invoiceId,
    int attemptNumber,
    long amount,
    String currency,
    String stripeCustomerId,
    String paymentMethodId,
    String description,
    String receiptEmail) {

  /** A charge with no Stripe receipt: Settle confirms the payment itself. */
  public ChargeRequest(
      String idempotencyKey,
      long merchantId,
      long invoiceId,
      int attemptNumber,
      long amount,
      String currency,
      String stripeCustomerId,
      String paymentMethodId,
      String description) {
    this(
        idempotencyKey,
        merchantId,
        invoiceId,
        attemptNumber,
        amount,
        currency,
        stripeCustomerId,
        paymentMethodId,
        description,
        null);
  }
}
