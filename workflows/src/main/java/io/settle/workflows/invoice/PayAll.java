package io.settle.workflows.invoice;

/**
 * A customer paying all their outstanding invoices with one payment. The pay-all coordinator
 * reserves each invoice first (so no other charge can start on it), makes the one payment, then
 * settles each invoice with its share, or releases them all if the payment failed.
 */
public final class PayAll {

  /**
   * The signal that asks a pay-all to let its invoices go because someone else collects them (an
   * agent's charge or a void on a payment link's invoice); the payment workflow's name for it.
   */
  public static final String WITHDRAW = "withdraw";

  private PayAll() {}

  /**
   * @param batchId the pay-all payment's id, the same for every invoice in it
   * @param amount what the payment intends to take for this invoice, in minor units, at most what
   *     is owed
   */
  public record Reservation(String batchId, long amount) {}

  /**
   * @param allocated what the payment was allocated to this invoice (already in the ledger)
   */
  public record Settlement(String batchId, long allocated, String paymentIntentId) {}
}
