package io.settle.workflows.balance;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One customer's money that is not yet an invoice's: its credit in Settle's ledger and its cash
 * balance at Stripe (bank transfers). One run per customer ({@code customer-balance:<customer>}),
 * so two applications for one customer never run side by side; each pays the customer's open
 * invoices earliest due first, through the invoices' own workflows.
 */
@WorkflowInterface
public interface CustomerBalanceWorkflow {

  /** The failure type of a {@link #fundingInstructions} update Stripe did not answer. */
  String INSTRUCTIONS_UNAVAILABLE = "FundingInstructionsUnavailable";

  @WorkflowMethod
  void run(CustomerBalanceInput input);

  /**
   * Stripe says money reached the customer's cash balance. Each funding transaction is taken once;
   * a notice without one (funds available) always looks again.
   */
  @SignalMethod
  void fundsArrived(FundsArrival arrival);

  /** The customer has credit to pay its open invoices with (an overpayment, a person's ask). */
  @SignalMethod
  void creditAvailable(String reason);

  /** The customer's bank transfer instructions: asked of Stripe once, then kept. */
  @UpdateMethod
  BankTransferInstructions fundingInstructions();

  @QueryMethod
  CustomerBalanceView status();
}
