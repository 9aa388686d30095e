package io.settle.workflows.invoice;

/**
 * Money that arrived outside Stripe (a cheque, a wire), full or partial.
 *
 * @param reference the host app's reference for it, unique per invoice: recording it twice records
 *     it once
 * @param amount in integer minor units; what the invoice does not owe becomes the customer's credit
 */
public record ExternalPayment(String reference, long amount, Method method) {

  /** How the money came. */
  public enum Method {
    CHEQUE,
    WIRE,
    CASH,
    OTHER
  }
}
