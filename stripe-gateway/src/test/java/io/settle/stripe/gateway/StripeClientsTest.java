package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeClientsTest {

  private final Map<Long, String> keys =
      new HashMap<>(Map.of(1L, "sk_test_one", 2L, "sk_test_two"));
  private final StripeClients clients =
      new StripeClients(StripeProperties.at("http://127.0.0.1:1"), keys::get);

  @Test
  void aMerchantKeepsItsClientWhileItsKeyStaysTheSame() {
    StripeClient first = clients.forMerchant(1);

    assertThat(clients.forMerchant(1)).isSameAs(first);
  }

  @Test
  void aNewKeyRebuildsTheMerchantsClient() {
    StripeClient before = clients.forMerchant(1);

    keys.put(1L, "sk_test_rotated");
    StripeClient after = clients.forMerchant(1);

    assertThat(after).isNotSameAs(before);
    assertThat(clients.forMerchant(1)).isSameAs(after);
  }

  @Test
  void aForgottenMerchantGetsAFreshClientAndOthersKeepTheirs() {
    StripeClient before = clients.forMerchant(1);
    StripeClient other = clients.forMerchant(2);

    clients.forget(1);

    assertThat(clients.forMerchant(1)).isNotSameAs(before);
    assertThat(clients.forMerchant(2)).isSameAs(other);
  }

  @Test
  void merchantsNeverShareAClient() {
    assertThat(clients.forMerchant(1)).isNotSameAs(clients.forMerchant(2));
  }

  @Test
  void propertiesAreValidatedWhenBound() {
    assertThatThrownBy(
            () ->
                new StripeProperties(
                    "https://api.stripe.com",
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    0,
                    0,
                    Duration.ofSeconds(10),
                    StripeProperties.WritePacing.SHARED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write-rate-per-second");
    assertThatThrownBy(
            () ->
                new StripeProperties(
                    "https://api.stripe.com",
                    Duration.ZERO,
                    Duration.ofSeconds(30),
                    0,
                    25,
                    Duration.ofSeconds(10),
                    StripeProperties.WritePacing.SHARED))
        .hasMessageContaining("connect-timeout");
  }

  @Test
  void theDefaultsAreStripesTestModeRateAndNoNetworkRetries() {
    StripeProperties defaults = StripeProperties.at("https://api.stripe.com");

    assertThat(defaults.writeRatePerSecond()).isEqualTo(25);
    assertThat(defaults.maxNetworkRetries()).isZero();
  }
}
