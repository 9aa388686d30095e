package io.settle.stripe.gateway.setup;

/** A SetupIntent waiting for the customer; the client secret is for Stripe.js, never for logs. */
public record SetupSession(String setupIntentId, String clientSecret, String status) {

  @Override
  public String toString() {
    return "SetupSession[setupIntentId="
        + setupIntentId
        + ", clientSecret=****, status="
        + status
        + "]";
  }
}
