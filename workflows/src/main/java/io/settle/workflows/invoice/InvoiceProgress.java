package io.settle.workflows.invoice;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a run of the invoice workflow carries into its next run when it continues as new, so the
 * history stays bounded while nothing is forgotten: the money, the attempts (their numbers make the
 * idempotency keys), the dunning position and plan, the fee, the attempt still waiting on Stripe,
 * and the webhook events and external payments already applied (oldest first).
 */
public record InvoiceProgress(
    InvoiceState state,
    long total,
    long amountPaid,
    LocalDate dueDate,
    List<AttemptView> attempts,
    int retriesUsed,
    boolean processingFeeAdded,
    List<String> seenEventIds,
    List<String> externalReferences,
    AttemptView waitingAttempt,
    String nextAction,
    Instant nextActionAt,
    Duration nextPollDelay) {}
