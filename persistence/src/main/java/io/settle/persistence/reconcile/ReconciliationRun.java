package io.settle.persistence.reconcile;

import java.time.Instant;

/**
 * One run of the reconciliation janitor, keyed by its workflow id.
 *
 * @param status RUNNING, COMPLETED or FAILED
 */
public record ReconciliationRun(
    String id,
    long merchantId,
    Instant windowStart,
    Instant windowEnd,
    String status,
    int intentsChecked,
    int attemptsChecked,
    int invoicesChecked,
    Instant startedAt,
    Instant finishedAt) {}
