package io.settle.workflows.payall;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Stripe and ledger work for a customer's batch payment. Implemented in the activities module; the
 * activity types are prefixed (PayAllStart, PayAllResolve, ...) to stay apart from the charge ones.
 */
@ActivityInterface(namePrefix = "PayAll")
public interface PayAllActivities {

  /** The failure type {@link #reserve} fails with when an invoice refuses. */
  String RESERVATION_REFUSED = "ReservationRefused";

  /**
   * Reserves the invoice for the batch through its workflow's {@code reserveForPayAll} update, for
   * what the ledger shows owed. Answers with the invoice's share. A refusal (a payment in flight, a
   * closed invoice, another batch) fails with the non-retryable type {@code ReservationRefused}.
   */
  @ActivityMethod
  long reserve(String batchId, long merchantId, long customerId, long invoiceId);

  /** Makes the batch's one payment at Stripe under the request's key; a decline is a result. */
  @ActivityMethod
  BatchPayment.Started start(BatchPayment.Request request);

  /** Finds what became of a payment whose answer was lost, without paying again. */
  @ActivityMethod
  ChargeResult resolve(BatchPayment.Request request, String paymentIntentIdOnRecord);

  /**
   * Ends the customer's chance to pay (cancels the PaymentIntent, expires the Checkout page) and
   * answers with where the payment ended: SUCCEEDED or PENDING (processing) if the customer paid
   * after all, else DECLINED.
   */
  @ActivityMethod
  ChargeResult close(
      BatchPayment.Request request, String paymentIntentId, String checkoutSessionId);

  /**
   * Records the payment once (keyed by the request's key) and its allocation to each invoice, with
   * the invoices' new balances, in one transaction.
   */
  @ActivityMethod
  void record(
      BatchPayment.Request request,
      PaymentSource source,
      String paymentIntentId,
      List<PayAllView.Share> shares);
}
