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
 * @param publicBaseUrl where customers reach Settle: payment links are {@code <base>/pay/<key>}.
 *     Unset, links point at this API on localhost at the port it really listens on (bin/run with
 *     {@code SETTLE_API_PORT}); production sets the public address.
 */
@Validated
@ConfigurationProperties("settle.pay-all")
public record PayAllProperties(
    @NotNull @DefaultValue("PT1H") Duration customerWindow, URI publicBaseUrl) {

  public PayAllProperties {
    if (customerWindow.compareTo(Duration.ofMinutes(31)) < 0
        || customerWindow.compareTo(Duration.ofHours(23)) > 0) {
      throw new IllegalArgumentException(
          "settle.pay-all.customer-window must be between 31 minutes and 23 hours, for Stripe"
              + " Checkout's limits");
    }
  }

  /** The invoice's payment link, when the API listens on {@code apiPort}. */
  public String paymentLink(String invoiceKey, int apiPort) {
    String base =
        publicBaseUrl != null ? publicBaseUrl.toString() : "http://localhost:" + apiPort + "/";
    return (base.endsWith("/") ? base : base + "/") + "pay/" + invoiceKey;
  }
}
