package io.settle.workflows.reconcile;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The reconciliation janitor for one merchant: lists the merchant's PaymentIntents at Stripe for a
 * window, compares them with the ledger, and heals what it can through the invoices' own workflows
 * (a lost webhook, an outcome unknown too long, an open invoice without a run). What no workflow
 * may fix is flagged for a person. A daily Schedule per merchant starts it; operators can start one
 * by hand. Its report lives in the database, and {@link #status} answers while it runs.
 */
@WorkflowInterface
public interface ReconciliationWorkflow {

  @WorkflowMethod
  ReconciliationReport run(ReconciliationInput input);

  @QueryMethod
  ReconciliationReport status();
}
