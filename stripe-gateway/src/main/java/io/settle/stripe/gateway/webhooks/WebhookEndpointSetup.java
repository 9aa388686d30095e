package io.settle.stripe.gateway.webhooks;

import java.util.List;

/**
 * The merchant's webhook endpoint at Stripe after Settle created or updated it.
 *
 * @param created whether Stripe made a new endpoint, and so a new signing secret
 * @param signingSecret {@code whsec_…}, returned by Stripe only at creation: store it encrypted.
 *     Null after an update, when the stored one stays good. Never in {@link #toString()}
 */
public record WebhookEndpointSetup(
    String endpointId,
    String url,
    List<String> enabledEvents,
    String apiVersion,
    boolean created,
    String signingSecret) {

  public WebhookEndpointSetup {
    enabledEvents = List.copyOf(enabledEvents);
  }

  @Override
  public String toString() {
    return "WebhookEndpointSetup[endpointId="
        + endpointId
        + ", url="
        + url
        + ", enabledEvents="
        + enabledEvents
        + ", apiVersion="
        + apiVersion
        + ", created="
        + created
        + ", signingSecret="
        + (signingSecret == null ? "null" : "****")
        + "]";
  }
}
