package io.settle.workflows.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * How one run reconciles, fixed when it begins (from its input and the worker's settings) so the
 * run's history decides everything after.
 *
 * @param pageSize PaymentIntents per page asked of Stripe (at most 100)
 * @param pagePause the durable pause between pages, so a run never crowds the merchant's rate limit
 * @param confirmAfter how long the workflows are given to record what was handed to them before the
 *     janitor checks that they did
 * @param confirmRounds how many times it checks before it flags what is still not recorded
 */
public record ReconciliationPlan(
    long merchantId,
    Instant windowStart,
    Instant windowEnd,
    int pageSize,
    Duration pagePause,
    Duration confirmAfter,
    int confirmRounds) {}
