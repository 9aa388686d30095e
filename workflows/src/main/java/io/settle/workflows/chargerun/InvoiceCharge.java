package io.settle.workflows.chargerun;

/**
 * What a charge run did with one invoice.
 *
 * @param reason why it was skipped, declined or failed (a decline code, "waiting on the customer",
 *     "nothing owed" …); null when charged
 * @param paymentIntentId the attempt's PaymentIntent, when a charge was made
 */
public record InvoiceCharge(
    long invoiceId, Outcome outcome, String reason, String paymentIntentId) {

  /** One word per invoice, counted by the run's report and its metric. */
  public enum Outcome {
    /** Paid by this run's charge. */
    CHARGED,
    /** Charged, and the charge waits on the customer (3-D Secure) or the bank (ACH). */
    PENDING,
    DECLINED,
    /** Not charged, for a reason a person need not act on: already paid, a payment under way … */
    SKIPPED,
    /** Not charged because something is wrong: collection paused, the run could not ask. */
    FAILED
  }

  public static InvoiceCharge skipped(long invoiceId, String reason) {
    return new InvoiceCharge(invoiceId, Outcome.SKIPPED, reason, null);
  }

  public static InvoiceCharge failed(long invoiceId, String reason) {
    return new InvoiceCharge(invoiceId, Outcome.FAILED, reason, null);
  }
}
