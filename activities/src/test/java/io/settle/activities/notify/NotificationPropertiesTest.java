package io.settle.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

  @Test
  void aPaymentLinkIsTheBaseThenPayThenTheInvoiceKey() {
    assertThat(
            new NotificationProperties(URI.create("https://settle.example")).paymentLink("inv_1"))
        .isEqualTo("https://settle.example/pay/inv_1");
    assertThat(
            new NotificationProperties(URI.create("http://localhost:8080/settle/"))
                .paymentLink("inv_1"))
        .isEqualTo("http://localhost:8080/settle/pay/inv_1");
  }

  @Test
  void theBaseMustBeAnAbsoluteHttpUrl() {
    assertThatThrownBy(() -> new NotificationProperties(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotificationProperties(URI.create("mailto:ap@acme.test")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotificationProperties(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
