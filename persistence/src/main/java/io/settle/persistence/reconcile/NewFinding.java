package io.settle.persistence.reconcile;

/**
 * A finding as the janitor records it, once per run, kind and subject (the PaymentIntent, payment,
 * attempt or invoice it is about).
 */
public record NewFinding(
    DriftKind kind,
    String subject,
    FindingOutcome outcome,
    Long invoiceId,
    String batchId,
    String paymentIntentId,
    Long paymentId,
    Long attemptId,
    Long amount,
    String currency,
    String detail) {

  public static NewFinding lostWebhook(ListedIntent intent) {
    return new NewFinding(
        DriftKind.LOST_WEBHOOK,
        intent.paymentIntentId(),
        FindingOutcome.FOUND,
        intent.invoiceId(),
        intent.batchId(),
        intent.paymentIntentId(),
        null,
        null,
        intent.amountReceived(),
        intent.currency(),
        "Stripe shows "
            + intent.paymentIntentId()
            + " succeeded, and the ledger has no payment for it");
  }
}
