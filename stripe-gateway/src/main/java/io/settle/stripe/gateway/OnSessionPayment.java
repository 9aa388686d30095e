package io.settle.stripe.gateway;

/**
 * A PaymentIntent waiting for the customer. The client secret is handed to Stripe.js only; it is
 * kept out of {@link #toString()} so it never reaches a log.
 */
public record OnSessionPayment(String paymentIntentId, String clientSecret, String status) {

  @Override
  public String toString() {
    return "OnSessionPayment[paymentIntentId="
        + paymentIntentId
        + ", clientSecret=****, status="
        + status
        + "]";
  }
}
