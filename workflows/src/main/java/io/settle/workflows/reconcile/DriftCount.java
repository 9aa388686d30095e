package io.settle.workflows.reconcile;

/**
 * How much of one kind of drift a run found, and what became of it; {@code found - fixed - flagged}
 * is still being applied.
 */
public record DriftCount(String kind, int found, int fixed, int flagged) {}
