package io.settle.stripe.gateway;

import java.util.List;

/**
 * One off-session charge of a saved payment method. The idempotency key is decided by the caller's
 * workflow and goes to Stripe unchanged, so a retried activity can never make a second
 * PaymentIntent.
 *
 * @param paidFor what the charge pays, written as Settle's metadata so that its webhooks come back
 *     to the workflow waiting for it
 * @param receiptEmail Stripe's {@code receipt_email}: where Stripe sends its receipt, or null
 */
public record OffSessionCharge(
    String idempotencyKey,
    long merchantId,
    long amount,
    String currency,
    String stripeCustomerId,
    String paymentMethodId,
    String description,
    PaidFor paidFor,
    String receiptEmail) {

  /** A charge for which Stripe sends no receipt. */
  public OffSessionCharge(
      String idempotencyKey,
      long merchantId,
      long amount,
      String currency,
      String stripeCustomerId,
      String paymentMethodId,
      String description,
      PaidFor paidFor) {
    this(
        idempotencyKey,
        merchantId,
        amount,
        currency,
        stripeCustomerId,
        paymentMethodId,
        description,
        paidFor,
        null);
  }

  /** What an off-session charge pays. */
  public sealed interface PaidFor {}

  /** One attempt at one invoice: {@code settle_invoice_id} and {@code settle_attempt}. */
  public record InvoiceAttempt(long invoiceId, int attemptNumber) implements PaidFor {}

  /**
   * A customer's one payment of several invoices (pay-all): {@code settle_batch_id} and {@code
   * settle_invoice_ids}, so its webhooks reach the pay-all workflow.
   */
  public record CustomerPayment(String batchId, List<Long> invoiceIds) implements PaidFor {
    public CustomerPayment {
      invoiceIds = List.copyOf(invoiceIds);
      if (invoiceIds.isEmpty()) {
        throw new IllegalArgumentException("a payment settles at least one invoice");
      }
    }
  }
}
