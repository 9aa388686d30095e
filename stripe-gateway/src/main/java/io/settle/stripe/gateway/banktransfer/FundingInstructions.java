package io.settle.stripe.gateway.banktransfer;

import java.util.List;

/**
 * Where a customer sends US bank transfers (ACH credit or wire) to pay a merchant: the customer's
 * own virtual account at Stripe, the same every time it is asked for. Money sent there lands in the
 * customer's cash balance.
 *
 * @param currency the lower-case code the account takes, {@code usd}
 * @param bankName the receiving bank; null only when Stripe's answer has no account details
 * @param routingNumber the ABA routing number; null likewise
 * @param accountNumber the customer's account number at that bank; null likewise
 * @param networks how money may arrive: {@code ach}, {@code domestic_wire_us}
 */
public record FundingInstructions(
    String currency,
    String bankName,
    String routingNumber,
    String accountNumber,
    List<String> networks) {

  public FundingInstructions {
    networks = networks == null ? List.of() : List.copyOf(networks);
  }
}
