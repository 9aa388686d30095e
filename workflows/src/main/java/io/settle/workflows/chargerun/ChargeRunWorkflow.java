package io.settle.workflows.chargerun;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Charges many invoices now (the CHARGE button over a selection, or the daily collection run): each
 * through its own payment workflow, a bounded number at a time, with one outcome per invoice.
 */
@WorkflowInterface
public interface ChargeRunWorkflow {

  @WorkflowMethod
  ChargeRunReport run(ChargeRunInput input);

  /** Done of total so far, and each finished invoice's outcome. */
  @QueryMethod
  ChargeRunReport progress();
}
