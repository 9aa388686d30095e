package io.settle.workflows.notify;

/** The outcomes a person must hear of. */
public enum NotificationKind {
  /** The invoice is paid. */
  PAID,
  /** A charge failed; carries the next retry's date when there is one. */
  PAYMENT_FAILED,
  /** The customer must authenticate (3-D Secure) or verify a bank account; carries the link. */
  REQUIRES_ACTION,
  /** Dunning ran out of retries. */
  DUNNING_EXHAUSTED,
  /**
   * To the merchant: Stripe refused its key or permissions, so collection is paused until it is
   * fixed. One a day per merchant, however many invoices meet it.
   */
  MERCHANT_STRIPE_ACCESS
}
