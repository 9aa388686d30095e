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
  DUNNING_EXHAUSTED
}
