package io.settle.api.payall;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Customer payments made outside the invoices' own charges (portal pay-all, new details, payment
 * links).
 *
 * @param customerWindow how long invoices stay reserved for a customer who has started to pay in
 *     the browser; a Checkout page expires then too (Stripe allows 30 minutes to 24 hours)
 * @param publicBaseUrl where customers reach Settle: payment links are {@code <base>/pay/<key>}
 */
@Validated
@ConfigurationProperties("settle.pay-all")
public record PayAllProperties(
    @NotNull @DefaultValue("PT1H") Duration customerWindow,
    @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl) {

  public PayAllProperties {
    if (customerWindow.compareTo(Duration.ofMinutes(31)) < 0
        || customerWindow.compareTo(Duration.ofHours(23)) > 0) {
      throw new IllegalArgumentException(
          "settle.pay-all.customer-window must be between 31 minutes and 23 hours, for Stripe"
              + " Checkout's limits");
    }
  }

  /** The invoice's payment link. */
  public String paymentLink(String invoiceKey) {
    String base = publicBaseUrl.toString();
    return (base.endsWith("/") ? base : base + "/") + "pay/" + invoiceKey;
  }
}
