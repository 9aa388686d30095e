package io.settle.api.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A reconciliation started by hand: the window of PaymentIntents to compare, by when Stripe made
 * them. Both absent: the worker's look-back (3 days by default) up to now.
 */
@Schema(description = "The window of PaymentIntents to reconcile, by creation time")
public record ReconciliationRequest(
    @Schema(description = "From this instant (inclusive); default: until less the look-back")
        Instant since,
    @Schema(description = "Up to this instant (exclusive); default: now") Instant until) {}
