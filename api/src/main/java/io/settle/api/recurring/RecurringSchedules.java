package io.settle.api.recurring;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.chargerun.ChargeRunInput;
import io.settle.workflows.chargerun.ChargeRunWorkflow;
import io.settle.workflows.recurring.Cadence;
import io.settle.workflows.recurring.RecurringFiring;
import io.settle.workflows.recurring.RecurringInvoiceWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Temporal Schedules behind recurring invoices ({@code recurring-invoice:<id>}) and the daily
 * collection runs ({@code collection-run:<merchant>}). The Schedule holds the timing; the database
 * holds what it fires for.
 *
 * <p>A template's Schedule allows overlapping runs (ALLOW_ALL): each firing bills its own period
 * and makes at most one invoice for it, so a firing held up by a database or Stripe outage must
 * never delay or drop the next period's, and a backfill of several months must run every month. Its
 * catch-up window is {@link #TEMPLATE_CATCH_UP}: after an outage of up to a week every missed
 * invoice is still made (dated for its own period); past that, an operator decides, with a
 * backfill.
 */
@Component
class RecurringSchedules {

  /** How long after its time a missed firing of a template still runs. */
  static final Duration TEMPLATE_CATCH_UP = Duration.ofDays(7);

  /**
   * The daily run: a missed run still runs the same day, and a run still going when the next is due
   * makes the next one skip (the two would find the same invoices).
   */
  static final Duration DAILY_RUN_CATCH_UP = Duration.ofHours(12);

  private final ScheduleClient schedules;
  private final SchedulesProperties properties;

  RecurringSchedules(ScheduleClient schedules, SchedulesProperties properties) {
    this.schedules = schedules;
    this.properties = properties;
  }

  /** The template's Schedule, as the template now says; made or replaced. */
  void put(
      long merchantId,
      long templateId,
      Cadence cadence,
      ZoneId zone,
      LocalDate start,
      LocalDate end,
      boolean paused,
      String note) {
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(RecurringInvoiceWorkflow.class)
                    .setArguments(new RecurringFiring(merchantId, templateId))
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(WorkflowIds.recurringInvoice(templateId))
                            .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
                            .build())
                    .build())
            .setSpec(spec(cadence, zone, start, end))
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL)
                    .setCatchupWindow(TEMPLATE_CATCH_UP)
                    .build())
            .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
            .build();
    put(WorkflowIds.recurringInvoice(templateId), schedule);
  }

  void delete(long templateId) {
    delete(WorkflowIds.recurringInvoice(templateId));
  }

  void pause(long templateId, String note) {
    call(() -> schedules.getHandle(WorkflowIds.recurringInvoice(templateId)).pause(note));
  }

  void resume(long templateId, String note) {
    call(() -> schedules.getHandle(WorkflowIds.recurringInvoice(templateId)).unpause(note));
  }

  /** Fires now, beside any firing still running. */
  void trigger(long templateId) {
    call(
        () ->
            schedules
                .getHandle(WorkflowIds.recurringInvoice(templateId))
                .trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL));
  }

  /** Fires for every time the Schedule would have fired from {@code from} to {@code to}. */
  void backfill(long templateId, Instant from, Instant to) {
    call(
        () ->
            schedules
                .getHandle(WorkflowIds.recurringInvoice(templateId))
                .backfill(
                    List.of(
                        new ScheduleBackfill(
                            from, to, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL))));
  }

  /** The merchant's daily collection run at {@code hour} in {@code zone}, or none. */
  void putDailyRun(long merchantId, boolean enabled, int hour, ZoneId zone) {
    String id = WorkflowIds.collectionRun(merchantId);
    if (!enabled) {
      delete(id);
      return;
    }
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(ChargeRunWorkflow.class)
                    .setArguments(
                        new ChargeRunInput(
                            null,
                            merchantId,
                            List.of(),
                            ChargeRunInput.CONCURRENCY,
                            new ChargeRunInput.DailyCollection(zone.getId())))
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(WorkflowIds.dailyChargeRun(merchantId))
                            .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
                            .build())
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setTimeZoneName(zone.getId())
                    .setCalendars(
                        List.of(
                            ScheduleCalendarSpec.newBuilder()
                                .setSeconds(List.of(new ScheduleRange(0)))
                                .setMinutes(List.of(new ScheduleRange(0)))
                                .setHour(List.of(new ScheduleRange(hour)))
                                .setDayOfMonth(ScheduleCalendarSpec.ALL_MONTH_DAYS)
                                .setMonth(ScheduleCalendarSpec.ALL_MONTHS)
                                .setDayOfWeek(ScheduleCalendarSpec.ALL_WEEK_DAYS)
                                .setComment("daily collection run")
                                .build()))
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .setCatchupWindow(DAILY_RUN_CATCH_UP)
                    .build())
            .build();
    put(id, schedule);
  }

  /**
   * The Schedule's spec: a calendar at {@link Cadence#ISSUE_TIME} in the zone for MONTHLY and
   * CALENDAR; an interval for WEEKLY (Temporal calendars cannot count weeks), anchored on the first
   * issue date. An interval keeps absolute time, so across a DST change it fires an hour earlier or
   * later, never on another day.
   */
  static ScheduleSpec spec(Cadence cadence, ZoneId zone, LocalDate start, LocalDate end) {
    ScheduleSpec.Builder spec =
        ScheduleSpec.newBuilder()
            .setTimeZoneName(zone.getId())
            .setStartAt(start.atStartOfDay(zone).toInstant());
    if (end != null) {
      spec.setEndAt(end.plusDays(1).atStartOfDay(zone).toInstant());
    }
    return switch (cadence.kind()) {
      case MONTHLY ->
          spec.setCalendars(
                  List.of(
                      calendar(
                          List.of(new ScheduleRange(cadence.dayOfMonth())),
                          ScheduleCalendarSpec.ALL_MONTHS,
                          ScheduleCalendarSpec.ALL_WEEK_DAYS)))
              .build();
      case WEEKLY -> {
        Duration every = Duration.ofDays(7L * cadence.everyWeeks());
        Instant first =
            cadence.firstWeekly(start).atTime(Cadence.ISSUE_TIME).atZone(zone).toInstant();
        Duration offset =
            Duration.ofSeconds(Math.floorMod(first.getEpochSecond(), every.toSeconds()));
        yield spec.setIntervals(List.of(new ScheduleIntervalSpec(every, offset))).build();
      }
      case CALENDAR ->
          spec.setCalendars(
                  List.of(
                      calendar(
                          ranges(cadence.calendarDays(), ScheduleCalendarSpec.ALL_MONTH_DAYS),
                          ranges(cadence.calendarMonths(), ScheduleCalendarSpec.ALL_MONTHS),
                          cadence.calendarWeekdays().isEmpty()
                              ? ScheduleCalendarSpec.ALL_WEEK_DAYS
                              : cadence.calendarWeekdays().stream()
                                  // Temporal counts Sunday as 0.
                                  .map(day -> new ScheduleRange(day.getValue() % 7))
                                  .toList())))
              .build();
    };
  }

  private static ScheduleCalendarSpec calendar(
      List<ScheduleRange> days, List<ScheduleRange> months, List<ScheduleRange> weekdays) {
    return ScheduleCalendarSpec.newBuilder()
        .setSeconds(List.of(new ScheduleRange(0)))
        .setMinutes(List.of(new ScheduleRange(Cadence.ISSUE_TIME.getMinute())))
        .setHour(List.of(new ScheduleRange(Cadence.ISSUE_TIME.getHour())))
        .setDayOfMonth(days)
        .setMonth(months)
        .setDayOfWeek(weekdays)
        .build();
  }

  private static List<ScheduleRange> ranges(Collection<Integer> values, List<ScheduleRange> all) {
    return values.isEmpty() ? all : values.stream().map(ScheduleRange::new).toList();
  }

  private void put(String id, Schedule schedule) {
    call(
        () -> {
          try {
            schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
          } catch (ScheduleAlreadyRunningException exists) {
            schedules.getHandle(id).update(current -> new ScheduleUpdate(schedule));
          }
        });
  }

  private void delete(String id) {
    call(
        () -> {
          try {
            schedules.getHandle(id).delete();
          } catch (ScheduleException | StatusRuntimeException e) {
            if (!isNotFound(e)) {
              throw e;
            }
          }
        });
  }

  private void call(Runnable temporal) {
    requireEnabled();
    try {
      temporal.run();
    } catch (ScheduleException | StatusRuntimeException e) {
      throw unavailable(e);
    }
  }

  void requireEnabled() {
    if (!properties.enabled()) {
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          ProblemTypes.SCHEDULES_OFF,
          "Schedules are off",
          "This Temporal has no Schedules (Temporal's in-process test server): recurring invoices"
              + " and the daily collection run need the Temporal CLI dev server or a real server.",
          Map.of());
    }
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private static ApiProblem unavailable(RuntimeException e) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.WORKFLOW_UNAVAILABLE,
        "Workflow engine unavailable",
        "The template's Schedule could not be changed; nothing was saved, and the request is safe"
            + " to retry.",
        Map.of());
  }
}
