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

  /** A failure or cancellation Stripe shows while the attempt still waits: its webhook was lost. */
  public static NewFinding lostFailure(
      long invoiceId, String paymentIntentId, String stripeStatus, long attemptId) {
    return new NewFinding(
        DriftKind.LOST_WEBHOOK,
        paymentIntentId,
        FindingOutcome.FOUND,
        invoiceId,
        null,
        paymentIntentId,
        null,
        attemptId,
        null,
        null,
        "Stripe shows "
            + paymentIntentId
            + " "
            + stripeStatus
            + ", and the attempt still waits for it");
  }

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
