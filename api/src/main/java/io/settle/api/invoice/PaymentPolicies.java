package io.settle.api.invoice;

import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.workflows.invoice.PaymentPolicy;
import io.settle.workflows.invoice.PaymentPolicy.ExhaustionPolicy;
import java.time.Duration;

/** The merchant's stored collection rules as the invoice workflow takes them. */
final class PaymentPolicies {

  private PaymentPolicies() {}

  static PaymentPolicy of(CollectionPolicy stored) {
    return new PaymentPolicy(
        stored.retryDelayDays().stream().map(days -> Duration.ofDays(days)).toList(),
        ExhaustionPolicy.valueOf(stored.onExhaustion().name()),
        Duration.ofHours(stored.requiresActionExpiryHours()),
        Duration.ofMinutes(stored.processingPollStartMinutes()),
        Duration.ofMinutes(stored.processingPollMaxMinutes()),
        stored.processingFeeBasisPoints());
  }
}
