package io.settle.stripe.simulator.resources.billingportal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A customer portal session as Stripe returns it. The portal page behind {@code url} is the
 * simulator's own; nothing is simulated behind it yet, a test only follows the link.
 */
@JsonPropertyOrder({"id", "object"})
public record BillingPortalSession(
    String id,
    String configuration,
    long created,
    String customer,
    boolean livemode,
    String locale,
    String returnUrl,
    String url) {

  @JsonProperty("object")
  public String object() {
    return "billing_portal.session";
  }

  @JsonProperty("flow")
  public Object flow() {
    return null;
  }

  @JsonProperty("on_behalf_of")
  public String onBehalfOf() {
    return null;
  }
}
