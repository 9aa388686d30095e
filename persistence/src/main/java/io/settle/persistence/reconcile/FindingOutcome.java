package io.settle.persistence.reconcile;

/** What became of a finding. */
public enum FindingOutcome {
  /** Found, not yet acted on. */
  FOUND,
  /** Handed to the workflow that fixes it; the janitor checks afterwards that it did. */
  APPLIED,
  /** Stripe and the ledger agree again. */
  FIXED,
  /** Nothing the janitor may do fixes it: a person must look. */
  FLAGGED;

  public boolean isFinal() {
    return this == FIXED || this == FLAGGED;
  }
}
