package io.settle.workflows.balance;

import java.util.List;

/**
 * Where the customer sends a bank transfer: its own virtual account at Stripe.
 *
 * @param networks how the bank accepts money there: {@code ach}, {@code domestic_wire_us}
 */
public record BankTransferInstructions(
    String currency,
    String bankName,
    String routingNumber,
    String accountNumber,
    List<String> networks) {

  public BankTransferInstructions {
    networks = networks == null ? List.of() : List.copyOf(networks);
  }
}
