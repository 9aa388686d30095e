package io.settle.stripe.simulator.resources.cashbalance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Where a customer sends a bank transfer to fund their cash balance ({@code funding_instructions}),
 * as {@code POST /v1/customers/{id}/funding_instructions} answers. The same addresses appear in a
 * waiting PaymentIntent's {@code display_bank_transfer_instructions}.
 */
@JsonPropertyOrder({"object"})
public record FundingInstructions(
    BankTransfer bankTransfer, String currency, String fundingType, boolean livemode) {

  @JsonProperty("object")
  public String object() {
    return "funding_instructions";
  }

  /** {@code bank_transfer}: the country, the transfer type and the accounts to send to. */
  public record BankTransfer(
      String country, List<FinancialAddress> financialAddresses, String type) {}

  /**
   * One account to send to: for US transfers an ABA (routing and account number) address, reached
   * by ACH and domestic wire.
   */
  public record FinancialAddress(Aba aba, List<String> supportedNetworks, String type) {}

  /** {@code aba}: a US bank account. */
  public record Aba(
      Address accountHolderAddress,
      String accountHolderName,
      String accountNumber,
      String accountType,
      Address bankAddress,
      String bankName,
      String routingNumber) {}

  /** A postal address, as Stripe writes one. */
  public record Address(
      String city, String country, String line1, String line2, String postalCode, String state) {}
}
