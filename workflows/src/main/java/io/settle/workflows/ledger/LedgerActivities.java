package io.settle.workflows.ledger;

import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.notify.Notification;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Every write the invoice workflow makes to MySQL. Each method is idempotent, keyed by the
 * attempt's idempotency key, so Temporal may retry any of them. The short ones the run makes on
 * every charge (beginning an attempt, recording its outcome, publishing) run as local activities.
 */
@ActivityInterface
public interface LedgerActivities {

  /**
   * Writes the attempt row (status PENDING) unless it already exists, and returns what the gateway
   * needs to charge it: the customer's Stripe id and auto-pay payment method.
   */
  @ActivityMethod
  ChargeRequest beginAttempt(AttemptStart start);

  /**
   * Records the gateway's answer on the attempt; on success also the payment, its allocation to the
   * invoice (up to what it owes; the rest becomes the customer's credit) and the invoice's new
   * balance, in one transaction.
   */
  @ActivityMethod
  InvoiceBalance recordOutcome(String idempotencyKey, ChargeResult result);

  /**
   * Records money that came outside Stripe as a payment allocated to the invoice, once per key. Any
   * part beyond what the invoice owes becomes the customer's credit.
   */
  @ActivityMethod
  InvoiceBalance recordExternalPayment(
      long invoiceId, String idempotencyKey, ExternalPayment payment);

  /**
   * Pays what it can of the invoice from the customer's credit in the invoice's currency, as one
   * payment (source CREDIT) under the key, once per key; answers with the balance, moved or not.
   */
  @ActivityMethod
  InvoiceBalance applyCredit(long invoiceId, String idempotencyKey);

  /**
   * Adds the processing fee to the invoice as its own line, once per invoice (a second call changes
   * nothing), and returns the balance with it.
   */
  @ActivityMethod
  InvoiceBalance addProcessingFee(long invoiceId, long fee);

  /** Applies the host app's change of total and/or due date. */
  @ActivityMethod
  InvoiceBalance changeInvoice(long invoiceId, InvoiceChange change);

  /**
   * Shows the workflow's state on the invoice row (OPEN, PROCESSING, REQUIRES_ACTION,
   * PARTIALLY_PAID, PAID, VOID, UNCOLLECTIBLE), which is what the API reads, and writes the
   * notifications that report it to the outbox, once per key, in the same transaction.
   */
  @ActivityMethod
  void publish(long invoiceId, InvoiceState state, List<Notification> notifications);
}
