package io.settle.workflows.balance;

/**
 * What one try to pay an invoice from the customer's money did.
 *
 * @param amount what it paid, in integer minor units; 0 unless APPLIED
 * @param detail why it was skipped, or what Stripe said
 * @param paymentIntentId the customer_balance PaymentIntent, for a cash-balance payment
 */
public record BalanceApplication(
    long invoiceId,
    Funds funds,
    Outcome outcome,
    long amount,
    String detail,
    String paymentIntentId) {

  /** Where the money came from. */
  public enum Funds {
    /** The customer's credit in Settle's ledger. */
    CREDIT,
    /** The customer's cash balance at Stripe: its bank transfers. */
    CASH_BALANCE
  }

  /** What became of it. */
  public enum Outcome {
    /** Paid (part of) the invoice. */
    APPLIED,
    /** The invoice had a payment in flight, or was closed meanwhile; the money stays. */
    SKIPPED,
    /** Stripe did not take it: the PaymentIntent waits for more funds or failed. */
    NOT_TAKEN
  }

  public static BalanceApplication applied(
      long invoiceId, Funds funds, long amount, String paymentIntentId) {
    return new BalanceApplication(invoiceId, funds, Outcome.APPLIED, amount, null, paymentIntentId);
  }

  public static BalanceApplication skipped(long invoiceId, Funds funds, String why) {
    return new BalanceApplication(invoiceId, funds, Outcome.SKIPPED, 0, why, null);
  }
}
