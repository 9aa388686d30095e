package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.CollectionPolicy.OnExhaustion;
import io.settle.workflows.invoice.PaymentPolicy;
import io.settle.workflows.invoice.PaymentPolicy.ExhaustionPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentPoliciesTest {

  @Test
  void aNewMerchantsStoredDefaultsAreTheWorkflowsDefaults() {
    assertThat(PaymentPolicies.of(CollectionPolicy.defaults())).isEqualTo(PaymentPolicy.defaults());
  }

  @Test
  void everyStoredRuleReachesTheWorkflow() {
    var stored =
        new CollectionPolicy(List.of(2, 9), OnExhaustion.MARK_UNCOLLECTIBLE, 48, 30, 600, 290);

    assertThat(PaymentPolicies.of(stored))
        .isEqualTo(
            new PaymentPolicy(
                List.of(Duration.ofDays(2), Duration.ofDays(9)),
                ExhaustionPolicy.MARK_UNCOLLECTIBLE,
                Duration.ofHours(48),
                Duration.ofMinutes(30),
                Duration.ofMinutes(600),
                290));
  }
}
