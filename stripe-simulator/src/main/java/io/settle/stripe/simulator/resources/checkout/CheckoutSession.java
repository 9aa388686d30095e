package io.settle.stripe.simulator.resources.checkout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A Checkout Session in {@code payment} mode as Stripe returns it. {@code lineItems} (an expandable
 * list on Stripe, not shown by default) and {@code paymentIntentData} are kept for the payment the
 * customer makes on completion.
 */
@JsonPropertyOrder({"id", "object"})
public record CheckoutSession(
    String id,
    long amountSubtotal,
    long amountTotal,
    String cancelUrl,
    String clientReferenceId,
    long created,
    String currency,
    String customer,
    CustomerDetails customerDetails,
    String customerEmail,
    long expiresAt,
    boolean livemode,
    Map<String, String> metadata,
    String mode,
    String paymentIntent,
    List<String> paymentMethodTypes,
    String paymentStatus,
    String status,
    String successUrl,
    String url,
    @JsonIgnore List<LineItem> lineItems,
    @JsonIgnore PaymentIntentData paymentIntentData) {

  public static final String OPEN = "open";
  public static final String COMPLETE = "complete";
  public static final String EXPIRED = "expired";

  @JsonProperty("object")
  public String object() {
    return "checkout.session";
  }

  @JsonProperty("client_secret")
  public String clientSecret() {
    return null;
  }

  @JsonProperty("invoice")
  public String invoice() {
    return null;
  }

  @JsonProperty("setup_intent")
  public String setupIntent() {
    return null;
  }

  @JsonProperty("subscription")
  public String subscription() {
    return null;
  }

  @JsonProperty("ui_mode")
  public String uiMode() {
    return "hosted";
  }

  @JsonProperty("total_details")
  public Map<String, Long> totalDetails() {
    return Map.of("amount_discount", 0L, "amount_shipping", 0L, "amount_tax", 0L);
  }

  /** A PaymentIntent was made for it (paid, processing or declined). */
  CheckoutSession withPaymentIntent(String paymentIntent) {
    return next(status, paymentStatus, paymentIntent, customerDetails);
  }

  /** Paid, or ({@code paid} false) waiting for a bank debit to settle. */
  CheckoutSession completed(boolean paid, CustomerDetails customerDetails) {
    return next(COMPLETE, paid ? "paid" : "unpaid", paymentIntent, customerDetails);
  }

  CheckoutSession expired() {
    return next(EXPIRED, paymentStatus, paymentIntent, customerDetails);
  }

  private CheckoutSession next(
      String status, String paymentStatus, String paymentIntent, CustomerDetails customerDetails) {
    return new CheckoutSession(
        id,
        amountSubtotal,
        amountTotal,
        cancelUrl,
        clientReferenceId,
        created,
        currency,
        customer,
        customerDetails,
        customerEmail,
        expiresAt,
        livemode,
        metadata,
        mode,
        paymentIntent,
        paymentMethodTypes,
        paymentStatus,
        status,
        successUrl,
        // Stripe removes the link once the session can no longer be paid.
        OPEN.equals(status) ? url : null,
        lineItems,
        paymentIntentData);
  }

  /** One {@code line_items[]} entry made from {@code price_data}. */
  public record LineItem(String name, long unitAmount, long quantity) {
    long amount() {
      return unitAmount * quantity;
    }
  }

  /** {@code payment_intent_data}: what the PaymentIntent made on completion carries. */
  public record PaymentIntentData(
      String description, Map<String, String> metadata, String setupFutureUsage) {}

  /** {@code customer_details}: who paid, known once the session is complete. */
  public record CustomerDetails(String email, String name) {

    @JsonProperty("address")
    public Object address() {
      return null;
    }

    @JsonProperty("phone")
    public String phone() {
      return null;
    }

    @JsonProperty("tax_exempt")
    public String taxExempt() {
      return "none";
    }

    @JsonProperty("tax_ids")
    public List<Object> taxIds() {
      return List.of();
    }
  }
}
