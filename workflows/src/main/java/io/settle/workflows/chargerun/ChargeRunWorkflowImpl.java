package io.settle.workflows.chargerun;

import io.settle.workflows.ScheduledTime;
import io.settle.workflows.WorkflowIds;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Charges the run's invoices, at most {@link ChargeRunInput#concurrency()} at once. Each charge is
 * an activity that asks the invoice's own workflow: a charge that waits for 3-D Secure or a bank
 * answers at once with its pending attempt, so one slow invoice never holds the others long. An
 * invoice the run could not ask (its activity failed for good) is reported FAILED, and the run goes
 * on.
 */
public class ChargeRunWorkflowImpl implements ChargeRunWorkflow {

  private static final Logger log = Workflow.getLogger(ChargeRunWorkflowImpl.class);

  /**
   * A few tries, not Settle's usual unlimited ones: an invoice the run cannot ask within them is
   * reported FAILED rather than holding the whole run. Each try asks under the same update id.
   */
  private final ChargeRunActivities activities =
      Workflow.newActivityStub(
          ChargeRunActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(5)
                      .build())
              .build());

  /** Writing one outbox row: retried until the database takes it, like the ledger's writes. */
  private final ChargeRunActivities events =
      Workflow.newActivityStub(
          ChargeRunActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  private ChargeRunInput input;
  private final List<InvoiceCharge> results = new ArrayList<>();
  private int running;

  @Override
  public ChargeRunReport run(ChargeRunInput given) {
    this.input = given.daily() == null ? given : selectedNow(given);
    ChargeRunInput input = this.input;
    List<Promise<Void>> charges = new ArrayList<>();
    for (long invoiceId : input.invoiceIds()) {
      Workflow.await(() -> running < input.concurrency());
      running++;
      charges.add(
          Async.function(activities::chargeInvoice, input.runId(), input.merchantId(), invoiceId)
              .handle(
                  (charged, failure) -> {
                    running--;
                    results.add(charged != null ? charged : couldNotAsk(invoiceId, failure));
                    return null;
                  }));
    }
    Promise.allOf(charges).get();
    ChargeRunReport report = ChargeRunReport.of(input, true, results);
    count(report);
    // Runs that finished before the host app's events existed replay without this step.
    if (Workflow.getVersion("charge-run-completed-event", Workflow.DEFAULT_VERSION, 1) == 1) {
      events.reportCompleted(
          input.merchantId(), ChargeRunResponse.of(Workflow.getInfo().getWorkflowId(), report));
    }
    log.info("charge run {}: {} invoices, {}", input.runId(), report.total(), report.counts());
    return report;
  }

  /**
   * The daily run picks its invoices when it fires, as of the firing's day in the merchant's zone,
   * and takes its id from its workflow id ({@code charge-run:daily-<merchant>-<time>}).
   */
  private ChargeRunInput selectedNow(ChargeRunInput daily) {
    LocalDate asOf =
        ScheduledTime.ofThisRun().atZone(ZoneId.of(daily.daily().timeZone())).toLocalDate();
    String runId = WorkflowIds.chargeRunIdOf(Workflow.getInfo().getWorkflowId());
    return daily.selected(runId, activities.selectDailyCollection(daily.merchantId(), asOf));
  }

  @Override
  public ChargeRunReport progress() {
    return input == null ? null : ChargeRunReport.of(input, false, results);
  }

  private static InvoiceCharge couldNotAsk(long invoiceId, RuntimeException failure) {
    String message =
        failure instanceof ActivityFailure activity && activity.getCause() != null
            ? activity.getCause().getMessage()
            : String.valueOf(failure.getMessage());
    return InvoiceCharge.failed(
        invoiceId, InvoiceCharge.Reason.ERROR, "the run could not charge it: " + message);
  }

  /**
   * settle_charge_run_invoices{outcome, reason}: every invoice a run finished, by what came of it
   * and why ("none" when charged or pending).
   */
  private static void count(ChargeRunReport report) {
    for (InvoiceCharge charge : report.invoices()) {
      String reason = charge.reason() == null ? "none" : charge.reason().name();
      Workflow.getMetricsScope()
          .tagged(
              Map.of(
                  "outcome", charge.outcome().name().toLowerCase(Locale.ROOT),
                  "reason", reason.toLowerCase(Locale.ROOT)))
          .counter("settle_charge_run_invoices")
          .inc(1);
    }
  }
}
