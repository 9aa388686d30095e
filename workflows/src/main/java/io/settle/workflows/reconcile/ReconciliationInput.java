package io.settle.workflows.reconcile;

import java.time.Instant;

/**
 * What to reconcile: the merchant's PaymentIntents made in {@code [since, until)}. Both null (a
 * Schedule's run) means the worker's configured look-back, ending when the run begins.
 */
public record ReconciliationInput(long merchantId, Instant since, Instant until) {

  public static ReconciliationInput scheduled(long merchantId) {
    return new ReconciliationInput(merchantId, null, null);
  }
}
