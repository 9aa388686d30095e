package io.settle.api.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MerchantSettingsTest {

  private static final String URL = "https://settle.example.com/webhooks/stripe/7";

  @Test
  void theKeyRepeatsUntilASecretIsStoredAndThenMovesOn() {
    String firstSave = MerchantSettings.idempotencyKey(7, URL, Optional.empty());

    assertThat(firstSave)
        .matches("settle-webhook-endpoint-7-[0-9a-f]{16}-new")
        .isEqualTo(MerchantSettings.idempotencyKey(7, URL, Optional.empty()));
    String afterStoring = MerchantSettings.idempotencyKey(7, URL, Optional.of("whsec_one"));
    assertThat(afterStoring)
        .matches("settle-webhook-endpoint-7-[0-9a-f]{16}-[0-9a-f]{8}")
        .doesNotContain("whsec")
        .isNotEqualTo(firstSave)
        .isNotEqualTo(MerchantSettings.idempotencyKey(7, URL, Optional.of("whsec_two")));
  }

  @Test
  void theKeyDiffersByMerchantAndUrl() {
    assertThat(MerchantSettings.idempotencyKey(7, URL, Optional.empty()))
        .isNotEqualTo(MerchantSettings.idempotencyKey(8, URL, Optional.empty()))
        .isNotEqualTo(MerchantSettings.idempotencyKey(7, URL + "x", Optional.empty()));
  }
}
