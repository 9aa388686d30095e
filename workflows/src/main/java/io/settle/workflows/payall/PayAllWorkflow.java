package io.settle.workflows.payall;

import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A customer's one payment for one or more invoices (the pay-all coordinator). It reserves every
 * invoice in its own workflow first, so no other charge can start on them; makes the one payment;
 * then allocates it to each invoice and settles them, or releases them all when nothing was paid.
 */
@WorkflowInterface
public interface PayAllWorkflow {

  @WorkflowMethod
  PayAllView run(PayAllInput input);

  /**
   * Answers once the payment is made or refused, or waits on the customer: with the client secret
   * or the Checkout page to send them to.
   */
  @UpdateMethod
  PayAllView started();

  /** Stripe's word on the batch's PaymentIntent, from the webhook inbox. Deduplicated by event. */
  @SignalMethod
  void paymentUpdated(String batchId, PaymentUpdate update);

  /**
   * Someone else collects the invoices (an agent's charge or a void): a payment still waiting on
   * the customer is closed at Stripe (the Checkout page expired), then the invoices are released,
   * or settled if the customer paid first. A payment already processing or paid goes on as it is.
   */
  @SignalMethod(name = PayAll.WITHDRAW)
  void withdraw(String reason);

  @QueryMethod
  PayAllView status();
}
