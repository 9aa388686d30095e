package io.settle.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * When a Schedule meant the current workflow to run: the action's nominal time, which Temporal sets
 * on every workflow a Schedule starts, whether by its calendar, a trigger or a backfill. A run that
 * starts late (a catch-up after an outage) still knows its day. Call from workflow code only.
 */
public final class ScheduledTime {

  /** Temporal's own search attribute; nothing to register. */
  static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START_TIME =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private ScheduledTime() {}

  /** The nominal time, or the workflow's clock when no Schedule started it. */
  public static Instant ofThisRun() {
    OffsetDateTime nominal = Workflow.getTypedSearchAttributes().get(SCHEDULED_START_TIME);
    return nominal != null
        ? nominal.toInstant()
        : Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
