package io.settle.workflows.recurring;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One firing of a recurring invoice template's Schedule ({@code recurring-invoice:<id>}): makes the
 * invoice for the period the firing's scheduled time falls in, once, and starts its payment
 * workflow as for any invoice.
 */
@WorkflowInterface
public interface RecurringInvoiceWorkflow {

  @WorkflowMethod
  IssuedInvoice issue(RecurringFiring firing);
}
