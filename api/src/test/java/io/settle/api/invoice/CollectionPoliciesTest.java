package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.persistence.merchant.CollectionPolicy.OnExhaustion;
import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.CollectionPolicy.ExhaustionPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionPoliciesTest {

  @Test
  void aNewMerchantsStoredDefaultsAreTheWorkflowsDefaults() {
    assertThat(CollectionPolicies.of(io.settle.persistence.merchant.CollectionPolicy.defaults()))
        .isEqualTo(CollectionPolicy.defaults());
  }

  @Test
  void everyStoredRuleReachesTheWorkflow() {
    var stored =
        new io.settle.persistence.merchant.CollectionPolicy(
            List.of(2, 9), OnExhaustion.MARK_UNCOLLECTIBLE, 48, 30, 600, 290);

    assertThat(CollectionPolicies.of(stored))
        .isEqualTo(
            new CollectionPolicy(
                List.of(Duration.ofDays(2), Duration.ofDays(9)),
                ExhaustionPolicy.MARK_UNCOLLECTIBLE,
                Duration.ofHours(48),
                Duration.ofMinutes(30),
                Duration.ofMinutes(600),
                290));
  }
}
