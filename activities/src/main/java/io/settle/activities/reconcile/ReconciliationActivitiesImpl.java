package io.settle.activities.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.settle.activities.invoice.InvoiceStarts;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.reconcile.DriftKind;
import io.settle.persistence.reconcile.Finding;
import io.settle.persistence.reconcile.FindingOutcome;
import io.settle.persistence.reconcile.ListedIntent;
import io.settle.persistence.reconcile.NewFinding;
import io.settle.persistence.reconcile.ReconciliationRepository;
import io.settle.persistence.reconcile.ReconciliationRepository.LedgerAttempt;
import io.settle.persistence.reconcile.ReconciliationRepository.LedgerPayment;
import io.settle.stripe.gateway.IntentPage;
import io.settle.stripe.gateway.PaymentResult;
import io.settle.stripe.gateway.StripePaymentGateway;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.WorkflowRuns;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PaymentUpdate;
import io.settle.workflows.payall.PayAllWorkflow;
import io.settle.workflows.reconcile.DriftCount;
import io.settle.workflows.reconcile.IntentScan;
import io.settle.workflows.reconcile.ReconciliationActivities;
import io.settle.workflows.reconcile.ReconciliationInput;
import io.settle.workflows.reconcile.ReconciliationPlan;
import io.settle.workflows.reconcile.ReconciliationReport;
import io.settle.workflows.reconcile.WorkflowCheck;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The janitor's steps on Stripe, the ledger and Temporal. Drift is recorded once per run, kind and
 * subject; each move of a finding (found, applied, fixed, flagged) is a keyed update, counted in
 * {@code settle_reconciliation_drift_total{kind,outcome}} only when it happens.
 */
@Component
public class ReconciliationActivitiesImpl implements ReconciliationActivities {

  private static final Logger log = LoggerFactory.getLogger(ReconciliationActivitiesImpl.class);

  static final String DRIFT_METER = "settle.reconciliation.drift";
  static final String RUNS_METER = "settle.reconciliation.runs";

  private final ReconciliationRepository store;
  private final InvoiceRepository invoices;
  private final StripePaymentGateway stripe;
  private final WorkflowClient workflows;
  private final InvoiceStarts starts;
  private final ReconciliationProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;

  public ReconciliationActivitiesImpl(
      ReconciliationRepository store,
      InvoiceRepository invoices,
      StripePaymentGateway stripe,
      WorkflowClient workflows,
      InvoiceStarts starts,
      ReconciliationProperties properties,
      MeterRegistry meters,
      ObjectProvider<Clock> clock) {
    this.store = store;
    this.invoices = invoices;
    this.stripe = stripe;
    this.workflows = workflows;
    this.starts = starts;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  @Override
  public ReconciliationPlan begin(String runId, ReconciliationInput input) {
    Instant now = clock.instant();
    Instant end = input.until() != null ? input.until() : now;
    Instant start = input.since() != null ? input.since() : end.minus(properties.lookBack());
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("a reconciliation window must end after it starts");
    }
    store.begin(runId, input.merchantId(), start, end, now);
    store.forgetListedIntents(input.merchantId(), now.minus(properties.keepListed()));
    return new ReconciliationPlan(
        input.merchantId(),
        start,
        end,
        properties.pageSize(),
        properties.pagePause(),
        properties.confirmAfter(),
        properties.confirmRounds());
  }

  @Override
  public IntentScan scanIntents(String runId, ReconciliationPlan plan, String startingAfter) {
    IntentPage page =
        stripe.listIntents(
            plan.merchantId(),
            plan.windowStart(),
            plan.windowEnd(),
            startingAfter,
            plan.pageSize());
    List<ListedIntent> listed =
        page.intents().stream()
            // Settle's own PaymentIntents only: others on the account are not Settle's to judge.
            .filter(intent -> Long.valueOf(plan.merchantId()).equals(intent.merchantId()))
            .map(
                intent ->
                    new ListedIntent(
                        intent.id(),
                        intent.status(),
                        intent.amountReceived(),
                        intent.currency(),
                        intent.invoiceId(),
                        intent.batchId(),
                        intent.created()))
            .toList();
    store.recordIntents(runId, listed);
    return new IntentScan(listed.size(), page.lastId(), page.more());
  }

  @Override
  public int compareLedger(String runId, ReconciliationPlan plan) {
    long merchantId = plan.merchantId();
    for (ListedIntent lost : store.succeededWithoutPayment(runId, merchantId)) {
      // Asked again one by one: a payment recorded since the query is a webhook that came late.
      if (!store.hasPayment(merchantId, lost.paymentIntentId())) {
        found(runId, merchantId, NewFinding.lostWebhook(lost));
      }
    }
    for (LedgerAttempt waiting : store.waitingOnEndedIntents(runId, merchantId)) {
      found(
          runId,
          merchantId,
          NewFinding.lostFailure(
              waiting.invoiceId(), waiting.paymentIntentId(), "failed or canceled", waiting.id()));
    }
    for (NewFinding mismatch : store.amountMismatches(runId, merchantId)) {
      found(runId, merchantId, mismatch);
    }
    for (LedgerPayment payment :
        store.paymentsNotListedAsSucceeded(
            runId, merchantId, plan.windowStart(), plan.windowEnd())) {
      Activity.getExecutionContext().heartbeat(payment.id());
      checkPayment(runId, merchantId, payment);
    }
    List<LedgerAttempt> waiting = store.waitingAttemptsNotListed(runId, merchantId);
    for (LedgerAttempt attempt : waiting) {
      Activity.getExecutionContext().heartbeat(attempt.id());
      checkWaitingAttempt(runId, merchantId, attempt);
    }
    List<LedgerAttempt> unknown =
        store.unknownAttempts(merchantId, now().minus(properties.unknownAfter()));
    for (LedgerAttempt attempt : unknown) {
      found(
          runId,
          merchantId,
          new NewFinding(
              DriftKind.UNKNOWN_ATTEMPT,
              "attempt:" + attempt.id(),
              FindingOutcome.FOUND,
              attempt.invoiceId(),
              null,
              attempt.paymentIntentId(),
              null,
              attempt.id(),
              null,
              null,
              "the outcome of "
                  + attempt.idempotencyKey()
                  + " has been unknown for more than "
                  + properties.unknownAfter()));
    }
    return waiting.size() + unknown.size();
  }

  /** A Stripe payment the listing did not show as succeeded, asked of Stripe by id. */
  private void checkPayment(String runId, long merchantId, LedgerPayment payment) {
    Optional<PaymentResult> atStripe = stripe.find(merchantId, payment.paymentIntentId());
    if (atStripe.isPresent()
        && atStripe.get().outcome() == PaymentResult.Outcome.SUCCEEDED
        && atStripe.get().amountReceived() == payment.amount()) {
      return; // made before the window: the listing could not show it
    }
    boolean succeeded =
        atStripe.isPresent() && atStripe.get().outcome() == PaymentResult.Outcome.SUCCEEDED;
    found(
        runId,
        merchantId,
        new NewFinding(
            succeeded ? DriftKind.AMOUNT_MISMATCH : DriftKind.PAYMENT_WITHOUT_INTENT,
            "payment:" + payment.id(),
            FindingOutcome.FLAGGED,
            null,
            null,
            payment.paymentIntentId(),
            payment.id(),
            null,
            payment.amount(),
            payment.currency(),
            atStripe.isEmpty()
                ? "payment "
                    + payment.id()
                    + " names "
                    + payment.paymentIntentId()
                    + ", which Stripe does not have"
                : succeeded
                    ? "payment "
                        + payment.id()
                        + " records "
                        + payment.amount()
                        + " but Stripe received "
                        + atStripe.get().amountReceived()
                    : "payment "
                        + payment.id()
                        + " is recorded, but Stripe shows "
                        + payment.paymentIntentId()
                        + " "
                        + atStripe.get().status()));
  }

  /**
   * An attempt waiting on a PaymentIntent made before the window (an older ACH debit): one that
   * succeeded at Stripe with no payment row, or failed, is a lost webhook too.
   */
  private void checkWaitingAttempt(String runId, long merchantId, LedgerAttempt attempt) {
    Optional<PaymentResult> atStripe = stripe.find(merchantId, attempt.paymentIntentId());
    if (atStripe.isEmpty()) {
      return;
    }
    PaymentResult result = atStripe.get();
    if (result.outcome() == PaymentResult.Outcome.DECLINED) {
      found(
          runId,
          merchantId,
          NewFinding.lostFailure(
              attempt.invoiceId(), attempt.paymentIntentId(), result.status(), attempt.id()));
      return;
    }
    if (result.outcome() != PaymentResult.Outcome.SUCCEEDED
        || store.hasPayment(merchantId, attempt.paymentIntentId())) {
      return; // still waiting, or answered in the meantime: the workflow's own polls cover it
    }
    found(
        runId,
        merchantId,
        NewFinding.lostWebhook(
            new ListedIntent(
                attempt.paymentIntentId(),
                result.status(),
                result.amountReceived(),
                null,
                attempt.invoiceId(),
                null,
                clock.instant())));
  }

  @Override
  public WorkflowCheck checkWorkflows(String runId, ReconciliationPlan plan, long afterInvoiceId) {
    long merchantId = plan.merchantId();
    List<Long> open =
        store.openInvoiceIds(
            merchantId,
            afterInvoiceId,
            properties.invoicePageSize(),
            now().minus(properties.newInvoiceGrace()));
    for (Long invoiceId : open) {
      Activity.getExecutionContext().heartbeat(invoiceId);
      Optional<WorkflowExecutionStatus> run =
          WorkflowRuns.status(workflows, WorkflowIds.invoicePayment(invoiceId));
      if (run.isPresent()
          && run.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        continue;
      }
      if (run.isPresent()
          && invoices
              .findById(merchantId, invoiceId)
              .map(invoice -> invoice.status().isTerminal())
              .orElse(true)) {
        continue; // its run ended with it since the page was read: paid or void, as it should
      }
      boolean started =
          run.isEmpty()
              && invoices.findById(merchantId, invoiceId).map(starts::start).orElse(false);
      String detail =
          run.isEmpty()
              ? started
                  ? "invoice " + invoiceId + " is open and had no workflow; it was started"
                  : "invoice " + invoiceId + " is open and had no workflow; it could not be started"
              : "invoice "
                  + invoiceId
                  + " is open but its workflow ended ("
                  + run.get()
                      .name()
                      .replace("WORKFLOW_EXECUTION_STATUS_", "")
                      .toLowerCase(Locale.ROOT)
                  + "); a person must decide";
      found(
          runId,
          merchantId,
          new NewFinding(
              DriftKind.MISSING_WORKFLOW,
              "invoice:" + invoiceId,
              started ? FindingOutcome.FIXED : FindingOutcome.FLAGGED,
              invoiceId,
              null,
              null,
              null,
              null,
              null,
              null,
              detail));
    }
    long last = open.isEmpty() ? afterInvoiceId : open.getLast();
    return new WorkflowCheck(open.size(), last, open.size() == properties.invoicePageSize());
  }

  @Override
  public int applyFixes(String runId, ReconciliationPlan plan) {
    int applied = 0;
    for (Finding finding : store.findings(runId, FindingOutcome.FOUND)) {
      Activity.getExecutionContext().heartbeat(finding.id());
      boolean handed =
          switch (finding.kind()) {
            case LOST_WEBHOOK -> handOver(finding);
            case UNKNOWN_ATTEMPT -> askAgain(finding);
            default -> false;
          };
      if (handed) {
        store.move(finding.id(), FindingOutcome.FOUND, FindingOutcome.APPLIED, null, now());
        applied++;
        continue;
      }
      String why =
          switch (finding.kind()) {
            case LOST_WEBHOOK -> "; no running workflow could take it, or Stripe no longer says";
            case UNKNOWN_ATTEMPT -> "; the invoice's workflow is not running";
            default -> "";
          };
      settle(finding, FindingOutcome.FLAGGED, finding.detail() + why);
    }
    return applied;
  }

  /**
   * Signals what Stripe says of the PaymentIntent now, as its webhook would have, under an event id
   * of the janitor's own (the workflow deduplicates by event id, and ignores a PaymentIntent it is
   * not waiting on).
   *
   * @return false when no running workflow could take it
   */
  private boolean handOver(Finding finding) {
    Optional<PaymentUpdate> update = updateFor(finding);
    if (update.isEmpty()) {
      return false;
    }
    try {
      if (finding.batchId() != null) {
        workflows
            .newWorkflowStub(PayAllWorkflow.class, WorkflowIds.ofBatch(finding.batchId()))
            .paymentUpdated(finding.batchId(), update.get());
      } else if (finding.invoiceId() != null) {
        workflows
            .newWorkflowStub(
                InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(finding.invoiceId()))
            .paymentUpdated(update.get());
      } else {
        return false;
      }
      return true;
    } catch (WorkflowNotFoundException ended) {
      return false;
    }
  }

  /** The update a webhook would carry for the PaymentIntent as Stripe shows it now. */
  private Optional<PaymentUpdate> updateFor(Finding finding) {
    Optional<PaymentResult> atStripe = stripe.find(finding.merchantId(), finding.paymentIntentId());
    if (atStripe.isEmpty()) {
      return Optional.empty();
    }
    PaymentResult result = atStripe.get();
    PaymentUpdate.Kind kind =
        switch (result.outcome()) {
          case SUCCEEDED -> PaymentUpdate.Kind.SUCCEEDED;
          case DECLINED ->
              "canceled".equals(result.status())
                  ? PaymentUpdate.Kind.CANCELED
                  : PaymentUpdate.Kind.FAILED;
          case PENDING, UNKNOWN -> null;
        };
    if (kind == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PaymentUpdate(
            "reconciliation:" + finding.paymentIntentId() + ":" + result.status(),
            finding.paymentIntentId(),
            kind,
            kind == PaymentUpdate.Kind.SUCCEEDED ? result.amountReceived() : 0,
            result.errorCode(),
            result.declineCode(),
            result.message()));
  }

  private boolean askAgain(Finding finding) {
    try {
      workflows
          .newWorkflowStub(
              InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(finding.invoiceId()))
          .retryNow("reconciliation " + finding.runId() + ": " + finding.detail());
      return true;
    } catch (WorkflowNotFoundException ended) {
      return false;
    }
  }

  @Override
  public int confirm(String runId, ReconciliationPlan plan, boolean lastRound) {
    int waiting = 0;
    for (Finding finding : store.findings(runId, FindingOutcome.APPLIED)) {
      boolean recorded =
          switch (finding.kind()) {
            case LOST_WEBHOOK ->
                store.hasPayment(plan.merchantId(), finding.paymentIntentId())
                    || (finding.attemptId() != null
                        && !store.attemptWaitsOn(plan.merchantId(), finding.paymentIntentId()));
            case UNKNOWN_ATTEMPT -> !store.stillUnknown(finding.attemptId());
            default -> false;
          };
      if (recorded) {
        settle(finding, FindingOutcome.FIXED, null);
      } else if (lastRound) {
        settle(
            finding,
            FindingOutcome.FLAGGED,
            finding.detail()
                + (finding.kind() == DriftKind.LOST_WEBHOOK
                    ? "; handed to the workflow, which has not recorded it"
                    : "; asked again, and Stripe still has no answer"));
      } else {
        waiting++;
      }
    }
    return waiting;
  }

  @Override
  public ReconciliationReport finish(
      String runId,
      ReconciliationPlan plan,
      int intentsChecked,
      int attemptsChecked,
      int invoicesChecked) {
    store.finish(runId, "COMPLETED", intentsChecked, attemptsChecked, invoicesChecked, now());
    meters.counter(RUNS_METER, "outcome", "completed").increment();
    return new ReconciliationReport(
        runId,
        plan.merchantId(),
        ReconciliationReport.Stage.COMPLETED,
        plan.windowStart(),
        plan.windowEnd(),
        intentsChecked,
        attemptsChecked,
        invoicesChecked,
        store.drift(runId).stream()
            .map(d -> new DriftCount(d.kind().name(), d.found(), d.fixed(), d.flagged()))
            .toList());
  }

  /** Records a finding once, counting it as found (and as fixed or flagged, when it already is). */
  private boolean found(String runId, long merchantId, NewFinding finding) {
    if (!store.record(runId, merchantId, finding, now())) {
      return false;
    }
    count(finding.kind(), "found");
    switch (finding.outcome()) {
      case FLAGGED -> {
        count(finding.kind(), "flagged");
        log.warn("reconciliation {}: {} flagged: {}", runId, finding.kind(), finding.detail());
      }
      case FIXED -> {
        count(finding.kind(), "fixed");
        log.info("reconciliation {}: {} fixed: {}", runId, finding.kind(), finding.detail());
      }
      default ->
          log.info("reconciliation {}: {} found: {}", runId, finding.kind(), finding.detail());
    }
    return true;
  }

  private void settle(Finding finding, FindingOutcome outcome, String detail) {
    if (store.move(finding.id(), finding.outcome(), outcome, detail, now())) {
      count(finding.kind(), outcome == FindingOutcome.FIXED ? "fixed" : "flagged");
      if (outcome == FindingOutcome.FLAGGED) {
        log.warn(
            "reconciliation {}: {} flagged for a person: {}",
            finding.runId(),
            finding.kind(),
            detail != null ? detail : finding.detail());
      }
    }
  }

  private void count(DriftKind kind, String outcome) {
    meters.counter(DRIFT_METER, "kind", kind.name(), "outcome", outcome).increment();
  }

  private Instant now() {
    return clock.instant();
  }
}
