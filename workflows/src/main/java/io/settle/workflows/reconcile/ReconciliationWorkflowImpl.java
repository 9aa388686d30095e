package io.settle.workflows.reconcile;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.reconcile.ReconciliationReport.Stage;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * The janitor's run: list Stripe's PaymentIntents page by page (with a durable pause between
 * pages), compare them with the ledger, check every open invoice has a run, hand what it found to
 * the workflows that fix it, then confirm they did. The activities hold the rules and the records;
 * this class only orders the steps.
 */
public class ReconciliationWorkflowImpl implements ReconciliationWorkflow {

  private static final Logger log = Workflow.getLogger(ReconciliationWorkflowImpl.class);

  /** A page of Stripe reads, or of workflow checks, heartbeats as it goes. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(1);

  /** What no retry fixes: the merchant's key is wrong, revoked or restricted. */
  static final List<String> NON_RETRYABLE = ChargeFailures.READS_NOT_RETRYABLE;

  private final ReconciliationActivities activities =
      Workflow.newActivityStub(
          ReconciliationActivities.class,
          ActivityOptions.newBuilder(ActivityRetries.options(Duration.ofMinutes(10), NON_RETRYABLE))
              .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              .build());

  private ReconciliationReport report;

  @Override
  public ReconciliationReport run(ReconciliationInput input) {
    String runId = Workflow.getInfo().getWorkflowId();
    report =
        new ReconciliationReport(
            runId, input.merchantId(), Stage.STARTING, null, null, 0, 0, 0, List.of());
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.MERCHANT.valueSet(Long.toString(input.merchantId())));
    ReconciliationPlan plan = activities.begin(runId, input);
    progress(Stage.LISTING_INTENTS, plan, 0, 0, 0);

    int intents = 0;
    String after = null;
    while (true) {
      IntentScan page = activities.scanIntents(runId, plan, after);
      intents += page.listed();
      progress(Stage.LISTING_INTENTS, plan, intents, 0, 0);
      if (!page.more()) {
        break;
      }
      after = page.lastId();
      if (plan.pagePause().isPositive()) {
        Workflow.sleep(plan.pagePause());
      }
    }

    progress(Stage.COMPARING, plan, intents, 0, 0);
    int attempts = activities.compareLedger(runId, plan);

    int invoices = 0;
    long afterInvoice = 0;
    while (true) {
      progress(Stage.CHECKING_WORKFLOWS, plan, intents, attempts, invoices);
      WorkflowCheck page = activities.checkWorkflows(runId, plan, afterInvoice);
      invoices += page.checked();
      if (!page.more()) {
        break;
      }
      afterInvoice = page.lastInvoiceId();
    }

    progress(Stage.APPLYING, plan, intents, attempts, invoices);
    int applied = activities.applyFixes(runId, plan);
    if (applied > 0) {
      progress(Stage.CONFIRMING, plan, intents, attempts, invoices);
      for (int round = 1; round <= plan.confirmRounds(); round++) {
        Workflow.sleep(plan.confirmAfter());
        if (activities.confirm(runId, plan, round == plan.confirmRounds()) == 0) {
          break;
        }
      }
    }
    report = activities.finish(runId, plan, intents, attempts, invoices);
    log.info(
        "reconciliation {}: {} intents, {} attempts, {} open invoices checked; drift {}",
        runId,
        intents,
        attempts,
        invoices,
        report.drift());
    return report;
  }

  @Override
  public ReconciliationReport status() {
    return report;
  }

  private void progress(
      Stage stage, ReconciliationPlan plan, int intents, int attempts, int invoices) {
    report =
        new ReconciliationReport(
            report.id(),
            report.merchantId(),
            stage,
            plan.windowStart(),
            plan.windowEnd(),
            intents,
            attempts,
            invoices,
            List.of());
  }
}
