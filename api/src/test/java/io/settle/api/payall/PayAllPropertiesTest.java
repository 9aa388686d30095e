package io.settle.api.payall;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PayAllPropertiesTest {

  @Test
  void withoutAnExplicitBaseALinkPointsAtTheApisOwnPort() {
    assertThat(new PayAllProperties(Duration.ofHours(1), null).paymentLink("inv_1", 18080))
        .isEqualTo("http://localhost:18080/pay/inv_1");
  }

  @Test
  void anExplicitBaseWinsOverThePort() {
    assertThat(
            new PayAllProperties(Duration.ofHours(1), URI.create("https://pay.acme.test"))
                .paymentLink("inv_1", 18080))
        .isEqualTo("https://pay.acme.test/pay/inv_1");
    assertThat(
            new PayAllProperties(Duration.ofHours(1), URI.create("https://acme.test/settle/"))
                .paymentLink("inv_1", 18080))
        .isEqualTo("https://acme.test/settle/pay/inv_1");
  }
}
