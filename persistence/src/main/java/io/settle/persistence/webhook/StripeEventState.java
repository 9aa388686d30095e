package io.settle.persistence.webhook;

/** Where a stored Stripe event stands in the inbox. */
public enum StripeEventState {
  /** Stored, not yet handed to a workflow. */
  RECEIVED,
  /** Handed to the invoice's workflow, which accepted the signal. */
  DISPATCHED,
  /** Nothing to do: a type Settle does not act on, no invoice, or the invoice's run has ended. */
  IGNORED,
  /**
   * Handing it over failed (Temporal unreachable, the database refused); the re-dispatcher tries
   * again once its backoff has passed.
   */
  FAILED,
  /** Handing it over failed as often as it may; no longer tried until an operator retries it. */
  DEAD
}
