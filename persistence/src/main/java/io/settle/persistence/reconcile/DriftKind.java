package io.settle.persistence.reconcile;

/** What the reconciliation janitor finds when Stripe and the ledger disagree. */
public enum DriftKind {
  /**
   * A succeeded PaymentIntent with no payment row, or a failed one an attempt still waits on: its
   * webhook was lost. Applied through the invoice's (or the customer payment's) workflow, as the
   * webhook would have been.
   */
  LOST_WEBHOOK,
  /** A payment row whose PaymentIntent Stripe does not show as succeeded: for a person. */
  PAYMENT_WITHOUT_INTENT,
  /** A payment row whose amount is not what its PaymentIntent received: for a person. */
  AMOUNT_MISMATCH,
  /**
   * An attempt whose outcome has been unknown longer than the janitor allows: the invoice's
   * workflow is asked to look it up now.
   */
  UNKNOWN_ATTEMPT,
  /** An open invoice without a running workflow: its workflow is started (again). */
  MISSING_WORKFLOW
}
