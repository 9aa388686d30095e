package io.settle.workflows.invoice;

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
    PORTAL
  }
}
