package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TemporalUiPropertiesTest {

  @Test
  void aRunsPageIsUnderItsNamespaceWithTheIdsEncoded() {
    TemporalUiProperties ui = new TemporalUiProperties(URI.create("https://temporal.example/"));

    assertThat(ui.runPage("billing prod", "invoice-payment:42", "run-1"))
        .isEqualTo(
            "https://temporal.example/namespaces/billing%20prod/workflows/invoice-payment%3A42"
                + "/run-1/history");
  }

  @Test
  void withoutAUiThereIsNoLink() {
    assertThat(new TemporalUiProperties(null).runPage("default", "invoice-payment:42", "r"))
        .isNull();
  }
}
