package io.settle.stripe.simulator.resources.charges;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A card charge: one per confirmation attempt of a PaymentIntent, succeeded or failed, as Stripe
 * records them. Refunds and disputes are not simulated yet.
 */
@JsonPropertyOrder({"id", "object"})
public record Charge(
    String id,
    long amount,
    long amountCaptured,
    long amountRefunded,
    String balanceTransaction,
    boolean captured,
    long created,
    String currency,
    String customer,
    String description,
    String failureCode,
    String failureMessage,
    boolean livemode,
    Map<String, String> metadata,
    Outcome outcome,
    boolean paid,
    String paymentIntent,
    String paymentMethod,
    PaymentMethodDetails paymentMethodDetails,
    String receiptEmail,
    boolean refunded,
    String status) {

  @JsonProperty("object")
  public String object() {
    return "charge";
  }

  @JsonProperty("disputed")
  public boolean disputed() {
    return false;
  }

  @JsonProperty("calculated_statement_descriptor")
  public String calculatedStatementDescriptor() {
    return "SETTLE";
  }

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  /** {@code outcome}: what the network said. */
  public record Outcome(
      String networkStatus,
      String reason,
      String riskLevel,
      long riskScore,
      String sellerMessage,
      String type) {

    public static Outcome approved() {
      return new Outcome(
          "approved_by_network", null, "normal", 20, "Payment complete.", "authorized");
    }

    public static Outcome declined(String reason, String sellerMessage) {
      return new Outcome(
          "declined_by_network", reason, "normal", 20, sellerMessage, "issuer_declined");
    }
  }

  /** {@code payment_method_details} for a card. */
  public record PaymentMethodDetails(CardDetails card, String type) {

    public record CardDetails(
        String brand,
        String country,
        long expMonth,
        long expYear,
        String fingerprint,
        String funding,
        String last4,
        String network) {}
  }
}
