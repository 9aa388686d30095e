package io.settle.workflows.recurring;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.ScheduledTime;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

/**
 * A thin shell: when the Schedule meant this firing to run, then one activity that makes the
 * invoice. The time is the Schedule's nominal one, not the clock, so a firing that runs late (a
 * catch-up after an outage) or a backfill bills the period it was scheduled for.
 */
public class RecurringInvoiceWorkflowImpl implements RecurringInvoiceWorkflow {

  private static final Logger log = Workflow.getLogger(RecurringInvoiceWorkflowImpl.class);

  private final RecurringInvoiceActivities activities =
      Workflow.newActivityStub(
          RecurringInvoiceActivities.class,
          ActivityRetries.options(Duration.ofSeconds(30), List.of()));

  @Override
  public IssuedInvoice issue(RecurringFiring firing) {
    Instant scheduledAt = ScheduledTime.ofThisRun();
    IssuedInvoice issued =
        activities.issue(firing.merchantId(), firing.recurringInvoiceId(), scheduledAt);
    log.info(
        "recurring invoice {} at {}: {} {}",
        firing.recurringInvoiceId(),
        scheduledAt,
        issued.outcome(),
        issued.number() != null ? issued.number() : issued.skippedBecause());
    return issued;
  }
}
