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
  /** A bank debit (ACH) was accepted and the money is on its way; days, not seconds. */
  PAYMENT_PROCESSING,
  /** An agent sent the customer the invoice's payment link. */
  PAYMENT_LINK,
  /** A receipt for one payment of several invoices (pay-all), listing each. */
  PAY_ALL_RECEIPT,
  /**
   * To the merchant: Stripe refused its key or permissions, so collection is paused until it is
   * fixed. One a day per merchant, however many invoices meet it.
   */
  MERCHANT_STRIPE_ACCESS
}
