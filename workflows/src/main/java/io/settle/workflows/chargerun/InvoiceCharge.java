package io.settle.workflows.chargerun;

/**
 * What a charge run did with one invoice.
 *
 * @param reason why it was not charged, or was declined; null when charged or pending
 * @param detail the same for people: a decline code, the invoice's own words
 * @param paymentIntentId the attempt's PaymentIntent, when a charge was made
 */
public record InvoiceCharge(
    long invoiceId, Outcome outcome, Reason reason, String detail, String paymentIntentId) {

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

  /** Why, as a code: the report's and the metric's {@code reason}. */
  public enum Reason {
    /** Skipped: a payment is processing (ACH) or the invoice is reserved by another payment. */
    PAYMENT_PENDING,
    /** Skipped: a payment waits for the customer to authenticate (3-D Secure). */
    WAITING_ON_CUSTOMER,
    /** Skipped: paid, void, uncollectible, or no such invoice. */
    NOTHING_OWED,
    /** Skipped: the customer has no auto-pay method. */
    NO_PAYMENT_METHOD,
    /** Declined by the bank; the detail is the decline code. */
    DECLINED,
    /** Failed: the invoice refused the amount, or collection is paused (a revoked key …). */
    REFUSED,
    /** Failed: the run could not ask the invoice, after its retries. */
    ERROR
  }

  public static InvoiceCharge skipped(long invoiceId, Reason reason, String detail) {
    return new InvoiceCharge(invoiceId, Outcome.SKIPPED, reason, detail, null);
  }

  public static InvoiceCharge failed(long invoiceId, Reason reason, String detail) {
    return new InvoiceCharge(invoiceId, Outcome.FAILED, reason, detail, null);
  }
}
