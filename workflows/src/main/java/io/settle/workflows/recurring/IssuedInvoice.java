package io.settle.workflows.recurring;

/**
 * What one firing of a template did: made its period's invoice, found it made already (a double
 * fire, a backfill over an invoiced period, a retry), or made none and why.
 *
 * @param invoiceId the period's invoice; null when skipped
 * @param number the invoice number, from the template and the period
 * @param skippedBecause why no invoice exists for this firing; null otherwise
 */
public record IssuedInvoice(
    Outcome outcome, Long invoiceId, String number, BillingPeriod period, String skippedBecause) {

  public enum Outcome {
    MADE,
    EXISTING,
    SKIPPED
  }

  public static IssuedInvoice skipped(String reason) {
    return new IssuedInvoice(Outcome.SKIPPED, null, null, null, reason);
  }
}
