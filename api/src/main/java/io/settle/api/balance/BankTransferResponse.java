package io.settle.api.balance;

import io.settle.workflows.balance.BalanceApplication;
import io.settle.workflows.balance.BankTransferInstructions;
import io.settle.workflows.balance.CustomerBalanceView;
import java.time.Instant;
import java.util.List;

/**
 * How a customer pays by bank transfer, and what became of its transfers.
 *
 * @param instructions where to send the money: the customer's own virtual account at Stripe
 * @param cashBalance what Stripe holds for the customer that paid no invoice yet, in USD minor
 *     units, as last read (when the balance was last applied)
 * @param cashBalanceAt when it was read; null before any transfer came
 * @param applications the latest payments from the customer's credit and cash balance
 */
public record BankTransferResponse(
    long customerId,
    String currency,
    Instructions instructions,
    long cashBalance,
    Instant cashBalanceAt,
    List<BalanceApplication> applications) {

  /**
   * @param networks how the bank takes money there: ach, domestic_wire_us
   */
  public record Instructions(
      String bankName, String routingNumber, String accountNumber, List<String> networks) {}

  static BankTransferResponse of(
      long customerId, BankTransferInstructions instructions, CustomerBalanceView status) {
    return new BankTransferResponse(
        customerId,
        "USD",
        new Instructions(
            instructions.bankName(),
            instructions.routingNumber(),
            instructions.accountNumber(),
            instructions.networks()),
        status == null ? 0 : status.cashBalance(),
        status == null ? null : status.cashBalanceAt(),
        status == null ? List.of() : status.recent());
  }
}
