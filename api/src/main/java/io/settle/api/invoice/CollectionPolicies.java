package io.settle.api.invoice;

import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.CollectionPolicy.ExhaustionPolicy;
import java.time.Duration;

/**
 * The merchant's collection policy as stored (whole days, hours and minutes) turned into the one
 * the invoice workflow takes (durations). One concept, one name, in both modules.
 */
final class CollectionPolicies {

  private CollectionPolicies() {}

  static CollectionPolicy of(io.settle.persistence.merchant.CollectionPolicy stored) {
    return new CollectionPolicy(
        stored.retryDelayDays().stream().map(days -> Duration.ofDays(days)).toList(),
        ExhaustionPolicy.valueOf(stored.onExhaustion().name()),
        Duration.ofHours(stored.requiresActionExpiryHours()),
        Duration.ofMinutes(stored.processingPollStartMinutes()),
        Duration.ofMinutes(stored.processingPollMaxMinutes()),
        stored.processingFeeBasisPoints());
  }
}
