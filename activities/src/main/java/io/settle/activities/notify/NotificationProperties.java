package io.settle.activities.notify;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What notifications need to know about where Settle is reached.
 *
 * @param paymentLinkBaseUrl where customers reach Settle's payment pages; a payment link is {@code
 *     <base>/pay/<invoiceKey>}
 */
@ConfigurationProperties("settle.notifications")
public record NotificationProperties(
    @DefaultValue("http://localhost:8080") URI paymentLinkBaseUrl) {

  public NotificationProperties {
    if (paymentLinkBaseUrl == null
        || !paymentLinkBaseUrl.isAbsolute()
        || paymentLinkBaseUrl.getHost() == null
        || !("http".equals(paymentLinkBaseUrl.getScheme())
            || "https".equals(paymentLinkBaseUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "settle.notifications.payment-link-base-url must be an absolute http(s) URL, not "
              + paymentLinkBaseUrl);
    }
  }

  /** The page where the customer pays, or authenticates a payment, for one invoice. */
  public String paymentLink(String invoiceKey) {
    String base = paymentLinkBaseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/pay/"
        + invoiceKey;
  }
}
