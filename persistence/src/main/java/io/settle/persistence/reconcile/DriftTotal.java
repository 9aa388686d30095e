package io.settle.persistence.reconcile;

/**
 * How much of one kind of drift a run found, and what became of it; {@code found - fixed - flagged}
 * is still being applied.
 */
public record DriftTotal(DriftKind kind, int found, int fixed, int flagged) {}
