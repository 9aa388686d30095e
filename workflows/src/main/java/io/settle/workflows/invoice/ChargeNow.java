package io.settle.workflows.invoice;

import io.settle.workflows.ledger.PaymentSource;

/**
 * An agent's (or the portal's) "charge now": an update that answers with the attempt's outcome.
 *
 * @param paymentMethodId the method to charge, or null for the customer's auto-pay method
 * @param amount in integer minor units, or null for everything owed; never more than owed
 */
public record ChargeNow(String paymentMethodId, Long amount, ChargeSource source) {

  /** Who asked; stored on the attempt. */
  public enum ChargeSource {
    AGENT,
    PORTAL,
    /** The customer's bank transfer, paid from its cash balance at Stripe. */
    BANK_TRANSFER;

    PaymentSource paymentSource() {
      return switch (this) {
        case AGENT -> PaymentSource.AGENT;
        case PORTAL -> PaymentSource.PORTAL;
        case BANK_TRANSFER -> PaymentSource.BANK_TRANSFER;
      };
    }
  }
}
