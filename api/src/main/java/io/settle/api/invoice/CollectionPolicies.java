package io.settle.api.invoice;

import io.settle.workflows.invoice.CollectionPolicy;

/**
 * The merchant's collection policy as stored (whole days, hours and minutes) turned into the one
 * the invoice workflow takes (durations). One concept, one name, in both modules.
 */
final class CollectionPolicies {

  private CollectionPolicies() {}

  static CollectionPolicy of(io.settle.persistence.merchant.CollectionPolicy stored) {
    return CollectionPolicy.ofStored(
        stored.retryDelayDays(),
        stored.onExhaustion().name(),
        stored.requiresActionExpiryHours(),
        stored.processingPollStartMinutes(),
        stored.processingPollMaxMinutes(),
        stored.processingFeeBasisPoints());
  }
}
