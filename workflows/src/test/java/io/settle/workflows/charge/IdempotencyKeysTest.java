package io.settle.workflows.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void theSameAttemptAlwaysGetsTheSameKey() {
    assertThat(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isEqualTo(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isEqualTo("settle-inv_abc-attempt-2");
  }

  @Test
  void differentAttemptsAndInvoicesGetDifferentKeys() {
    assertThat(IdempotencyKeys.chargeAttempt("inv_abc", 1))
        .isNotEqualTo(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isNotEqualTo(IdempotencyKeys.chargeAttempt("inv_abd", 1));
  }

  @Test
  void refusesAttemptNumbersBelowOneAndMissingInvoiceKeys() {
    assertThatThrownBy(() -> IdempotencyKeys.chargeAttempt("inv_abc", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyKeys.chargeAttempt(" ", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
