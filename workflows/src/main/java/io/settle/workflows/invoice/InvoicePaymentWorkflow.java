package io.settle.workflows.invoice;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One invoice's payment lifecycle, from creation to paid (or void, or uncollectible). The API and
 * the webhook inbox talk to it only through these methods.
 */
@WorkflowInterface
public interface InvoicePaymentWorkflow {

  @WorkflowMethod
  InvoiceState run(InvoicePaymentInput input);

  /** Stripe's word on a PaymentIntent, from the webhook inbox. Deduplicated by event. */
  @SignalMethod
  void paymentUpdated(PaymentUpdate update);

  /** Charge now; answers with the attempt's outcome. */
  @UpdateMethod
  AttemptView chargeNow(ChargeNow request);

  /**
   * Refuses a charge while a payment is processing or waiting on the customer, or for more than is
   * owed. A charge that is merely under way is waited for, then the request is judged again.
   */
  @UpdateValidatorMethod(updateName = "chargeNow")
  void validateChargeNow(ChargeNow request);

  /**
   * Reserves the invoice for a pay-all payment: until it is settled or released, no other charge
   * starts and dunning waits. Answers with the share reserved: the amount asked for, plus the
   * merchant's processing fee when this is the invoice's first payment through Stripe. Asking again
   * with the same batch id answers the same share.
   */
  @UpdateMethod
  long reserveForPayAll(PayAll.Reservation reservation);

  /** Refuses a reservation while a payment is in flight, waiting, or already reserved. */
  @UpdateValidatorMethod(updateName = "reserveForPayAll")
  void validateReserveForPayAll(PayAll.Reservation reservation);

  /** The pay-all payment succeeded; this invoice's share is already in the ledger. */
  @SignalMethod
  void payAllSettled(PayAll.Settlement settlement);

  /** The pay-all payment did not happen: the invoice goes back to what it was doing. */
  @SignalMethod
  void payAllReleased(String batchId);

  /**
   * Money that arrived outside Stripe. Kept for runs that were sent it before {@link
   * #recordExternalPayment}, which answers whether it was recorded.
   */
  @SignalMethod
  void externalPaymentReceived(ExternalPayment payment);

  /**
   * Records money that arrived outside Stripe, once per reference, and answers with where the
   * invoice stands. Refused (rather than dropped) when it is more than can be collected now.
   */
  @UpdateMethod
  InvoicePaymentStatus recordExternalPayment(ExternalPayment payment);

  /**
   * Refuses a closed invoice, and an amount above what is owed less any payment under way (it would
   * overpay when that payment lands). A reference already recorded is answered, not refused.
   */
  @UpdateValidatorMethod(updateName = "recordExternalPayment")
  void validateRecordExternalPayment(ExternalPayment payment);

  /**
   * Pays what the customer's credit covers of what is owed, as one payment of source CREDIT, and
   * answers with where the invoice stands. Sent by the customer's balance workflow, which pays its
   * open invoices from credit earliest due first.
   */
  @UpdateMethod
  InvoicePaymentStatus applyCredit(String reason);

  /** Refuses a closed invoice, one with nothing owed, and one with a payment in flight. */
  @UpdateValidatorMethod(updateName = "applyCredit")
  void validateApplyCredit(String reason);

  /** The host app changed the total or the due date. */
  @SignalMethod
  void invoiceChanged(InvoiceChange change);

  /**
   * What the run waits on was fixed (the merchant's new Stripe keys, a person's repair): a run with
   * a problem takes its waiting step now instead of at the end of its backoff. Harmless otherwise.
   * Operators can send it from the Temporal UI.
   */
  @SignalMethod
  void retryNow(String reason);

  /** The host app voided the invoice: nothing more is collected. */
  @SignalMethod
  void voidInvoice(String reason);

  @QueryMethod
  InvoicePaymentStatus status();
}
