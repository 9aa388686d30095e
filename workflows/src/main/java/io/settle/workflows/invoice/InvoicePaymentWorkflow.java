package io.settle.workflows.invoice;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One invoice's payment lifecycle, from creation to paid (or void, or uncollectible). */
@WorkflowInterface
public interface InvoicePaymentWorkflow {

  @WorkflowMethod
  InvoiceState run(InvoicePaymentInput input);

  @QueryMethod
  InvoicePaymentStatus status();
}
