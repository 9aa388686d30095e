package io.settle.workflows.reconcile;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The janitor's steps, each idempotent under the run's id: what it lists, finds and does is keyed
 * by run, kind and subject, so a retried step repeats nothing. The activity types are prefixed
 * (ReconciliationBegin, …).
 */
@ActivityInterface(namePrefix = "Reconciliation")
public interface ReconciliationActivities {

  /** Records the run and fixes its plan: the window and the worker's settings. */
  @ActivityMethod
  ReconciliationPlan begin(String runId, ReconciliationInput input);

  /** Lists one page of the merchant's PaymentIntents at Stripe and stores it for the run. */
  @ActivityMethod
  IntentScan scanIntents(String runId, ReconciliationPlan plan, String startingAfter);

  /**
   * Compares what Stripe listed with the ledger, asks Stripe by id about payments and waiting
   * attempts the listing did not cover, and records the drift.
   *
   * @return how many attempts were checked
   */
  @ActivityMethod
  int compareLedger(String runId, ReconciliationPlan plan);

  /**
   * Checks one page of open invoices for a running workflow; one that never started is started, one
   * whose run ended is flagged.
   */
  @ActivityMethod
  WorkflowCheck checkWorkflows(String runId, ReconciliationPlan plan, long afterInvoiceId);

  /**
   * Hands what was found to the workflows that fix it: a lost webhook's PaymentIntent to its
   * invoice's (or customer payment's) workflow, an unknown outcome to its invoice's workflow to
   * look up now.
   *
   * @return how many were handed over
   */
  @ActivityMethod
  int applyFixes(String runId, ReconciliationPlan plan);

  /**
   * Checks what was handed over: recorded is FIXED; on the last round, still not recorded is
   * FLAGGED.
   *
   * @return how many are still waiting to be recorded
   */
  @ActivityMethod
  int confirm(String runId, ReconciliationPlan plan, boolean lastRound);

  /** Marks the run COMPLETED with what it checked, and answers its report. */
  @ActivityMethod
  ReconciliationReport finish(
      String runId,
      ReconciliationPlan plan,
      int intentsChecked,
      int attemptsChecked,
      int invoicesChecked);
}
