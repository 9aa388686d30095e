package io.settle.stripe.simulator.resources.customers;

import java.util.Arrays;
import java.util.Optional;

/**
 * Test-mode US bank accounts for ACH Direct Debit, by magic PaymentMethod id. A debit stays {@code
 * processing} until it settles, as ACH does; then it succeeds or fails with the bank's reason.
 * {@code PROCESSING} never settles on its own: a test decides through the control API.
 */
public enum TestBankAccount {
  SUCCESS("pm_usBankAccount_success", "6789", Settlement.SUCCEEDS, null, null),
  PROCESSING("pm_usBankAccount_processing", "1116", Settlement.NEVER_ON_ITS_OWN, null, null),
  INSUFFICIENT_FUNDS(
      "pm_usBankAccount_insufficientFunds",
      "2227",
      Settlement.FAILS,
      "insufficient_funds",
      "The customer's account has insufficient funds to cover this payment."),
  ACCOUNT_CLOSED(
      "pm_usBankAccount_accountClosed",
      "1113",
      Settlement.FAILS,
      "account_closed",
      "The customer's bank account has been closed.");

  /** How a debit from this account settles when its time comes. */
  public enum Settlement {
    SUCCEEDS,
    FAILS,
    NEVER_ON_ITS_OWN
  }

  private final String magicId;
  private final String last4;
  private final Settlement settlement;
  private final String failureCode;
  private final String failureMessage;

  TestBankAccount(
      String magicId,
      String last4,
      Settlement settlement,
      String failureCode,
      String failureMessage) {
    this.magicId = magicId;
    this.last4 = last4;
    this.settlement = settlement;
    this.failureCode = failureCode;
    this.failureMessage = failureMessage;
  }

  public static Optional<TestBankAccount> byMagicId(String id) {
    return Arrays.stream(values()).filter(bank -> bank.magicId.equals(id)).findFirst();
  }

  public String last4() {
    return last4;
  }

  public Settlement settlement() {
    return settlement;
  }

  /** Stripe's failure code when the debit fails, e.g. {@code insufficient_funds}. */
  public String failureCode() {
    return failureCode == null ? INSUFFICIENT_FUNDS.failureCode : failureCode;
  }

  public String failureMessage() {
    return failureMessage == null ? INSUFFICIENT_FUNDS.failureMessage : failureMessage;
  }

  String fingerprint() {
    String seed = Integer.toHexString(("ach" + last4).hashCode());
    return (seed + "Sim0BankAccount0").substring(0, 16);
  }
}
