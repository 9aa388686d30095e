package io.settle.workflows.reconcile;

/**
 * One page of PaymentIntents listed and stored for the comparison.
 *
 * @param lastId where the next page starts
 */
public record IntentScan(int listed, String lastId, boolean more) {}
