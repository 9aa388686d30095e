package io.settle.persistence.reconcile;

import java.time.Instant;

/** A recorded finding of a reconciliation run and what became of it. */
public record Finding(
    long id,
    String runId,
    long merchantId,
    DriftKind kind,
    String subject,
    FindingOutcome outcome,
    Long invoiceId,
    String batchId,
    String paymentIntentId,
    Long paymentId,
    Long attemptId,
    Long amount,
    String currency,
    String detail,
    Instant createdAt,
    Instant updatedAt) {}
