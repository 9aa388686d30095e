package io.settle.stripe.simulator.resources.cashbalance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A movement into or out of a customer's cash balance ({@code customer_cash_balance_transaction}):
 * a bank transfer that arrived ({@code funded}) or money applied to a PaymentIntent ({@code
 * applied_to_payment}, a negative {@code net_amount}). As on Stripe only the hash of its own {@code
 * type} is sent.
 *
 * @param endingBalance the customer's balance in {@code currency} after this transaction
 */
@JsonPropertyOrder({"id", "object"})
public record CashBalanceTransaction(
    String id,
    @JsonInclude(JsonInclude.Include.NON_NULL) AppliedToPayment appliedToPayment,
    long created,
    String currency,
    String customer,
    long endingBalance,
    @JsonInclude(JsonInclude.Include.NON_NULL) Funded funded,
    boolean livemode,
    long netAmount,
    String type) {

  public static final String FUNDED = "funded";
  public static final String APPLIED_TO_PAYMENT = "applied_to_payment";

  @JsonProperty("object")
  public String object() {
    return "customer_cash_balance_transaction";
  }

  @JsonProperty("customer_account")
  public String customerAccount() {
    return null;
  }

  /** {@code applied_to_payment}: the PaymentIntent the money went to. */
  public record AppliedToPayment(String paymentIntent) {}

  /** {@code funded}: the bank transfer that brought the money. */
  public record Funded(BankTransfer bankTransfer) {

    /**
     * @param reference the free text the sender wrote on the transfer, or null
     */
    public record BankTransfer(String reference, String type, UsBankTransfer usBankTransfer) {}

    /** How a US transfer arrived: {@code network} is {@code ach} or {@code domestic_wire_us}. */
    public record UsBankTransfer(String network, String senderName) {}
  }
}
