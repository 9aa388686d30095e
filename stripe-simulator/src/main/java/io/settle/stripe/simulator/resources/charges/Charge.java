package io.settle.stripe.simulator.resources.charges;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A charge: one per confirmation attempt of a PaymentIntent, succeeded or failed, as Stripe records
 * them (card, bank debit or cash balance). Refunds and disputes are not simulated yet.
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

  /** A pending bank debit that cleared. */
  public Charge settled(String balanceTransaction) {
    return with("succeeded", true, balanceTransaction, null, null, Outcome.approved());
  }

  /** A pending bank debit the bank returned. */
  public Charge returned(String failureCode, String failureMessage) {
    return with(
        "failed",
        false,
        null,
        failureCode,
        failureMessage,
        Outcome.declined(failureCode, failureMessage));
  }

  private Charge with(
      String status,
      boolean paid,
      String balanceTransaction,
      String failureCode,
      String failureMessage,
      Outcome outcome) {
    return new Charge(
        id,
        amount,
        paid ? amount : 0,
        amountRefunded,
        balanceTransaction,
        captured,
        created,
        currency,
        customer,
        description,
        failureCode,
        failureMessage,
        livemode,
        metadata,
        outcome,
        paid,
        paymentIntent,
        paymentMethod,
        paymentMethodDetails,
        receiptEmail,
        refunded,
        status);
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

  /** {@code payment_method_details}: the hash of the method's own type only. */
  public record PaymentMethodDetails(
      @JsonInclude(JsonInclude.Include.NON_NULL) CardDetails card,
      String type,
      @JsonInclude(JsonInclude.Include.NON_NULL) BankDetails usBankAccount,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> customerBalance) {

    public PaymentMethodDetails(CardDetails card, String type) {
      this(card, type, null, null);
    }

    public PaymentMethodDetails(CardDetails card, String type, BankDetails usBankAccount) {
      this(card, type, usBankAccount, null);
    }

    /** Paid from the customer's cash balance: Stripe sends an empty {@code customer_balance}. */
    public static PaymentMethodDetails ofCustomerBalance() {
      return new PaymentMethodDetails(null, "customer_balance", null, Map.of());
    }

    public record BankDetails(
        String accountHolderType,
        String accountType,
        String bankName,
        String fingerprint,
        String last4,
        String routingNumber) {}

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
