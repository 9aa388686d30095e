package io.settle.api.balance;

import io.settle.persistence.credit.CreditBalance;
import io.settle.persistence.credit.CreditMovement;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A customer's credit in Settle's ledger: the balance per currency (always the sum of the
 * movements) and the movements, newest first.
 */
public record CustomerCreditResponse(
    long customerId, List<Balance> balances, List<Movement> movements) {

  /** What the customer holds in one currency, in integer minor units. */
  public record Balance(String currency, long amount) {}

  /**
   * One movement: OVERPAYMENT adds (paymentId brought it, invoiceId was overpaid), APPLIED takes
   * (paymentId is the CREDIT payment it became, invoiceId the invoice it paid).
   */
  public record Movement(
      long id,
      String kind,
      long amount,
      String currency,
      Long paymentId,
      Long invoiceId,
      LocalDateTime createdAt) {}

  static CustomerCreditResponse of(
      long customerId, List<CreditBalance> balances, List<CreditMovement> movements) {
    return new CustomerCreditResponse(
        customerId,
        balances.stream().map(b -> new Balance(b.currency(), b.amount())).toList(),
        movements.stream()
            .map(
                m ->
                    new Movement(
                        m.id(),
                        m.kind().name(),
                        m.amount(),
                        m.currency(),
                        m.paymentId(),
                        m.invoiceId(),
                        m.createdAt()))
            .toList());
  }
}
