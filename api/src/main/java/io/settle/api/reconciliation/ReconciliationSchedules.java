package io.settle.api.reconciliation;

import io.settle.api.recurring.SchedulesProperties;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.reconcile.ReconciliationInput;
import io.settle.workflows.reconcile.ReconciliationWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Every merchant's daily reconciliation Schedule ({@code reconciliation:<merchant>}), at {@link
 * #HOUR}:{@link #MINUTE} UTC, after the day's collection runs. It is made when a merchant is
 * created, and, for merchants made before (or while Temporal was away), when the API starts. A run
 * still going when the next is due makes the next one skip; a run missed in an outage still runs
 * within {@link #CATCH_UP}, and each run's look-back overlaps the day before anyway.
 */
@Component
public class ReconciliationSchedules implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedules.class);

  static final int HOUR = 4;
  static final int MINUTE = 30;
  static final Duration CATCH_UP = Duration.ofHours(12);

  private final ScheduleClient schedules;
  private final MerchantRepository merchants;
  private final SchedulesProperties properties;

  ReconciliationSchedules(
      ScheduleClient schedules, MerchantRepository merchants, SchedulesProperties properties) {
    this.schedules = schedules;
    this.merchants = merchants;
    this.properties = properties;
  }

  /**
   * Makes the merchant's Schedule unless it exists. Never fails the caller: a merchant whose
   * Schedule could not be made now gets it when the API next starts.
   */
  public void ensure(long merchantId) {
    if (!properties.enabled()) {
      return;
    }
    try {
      schedules.createSchedule(
          WorkflowIds.reconciliation(merchantId),
          schedule(merchantId),
          ScheduleOptions.newBuilder().build());
      log.info("Reconciliation Schedule made for merchant {}", merchantId);
    } catch (ScheduleAlreadyRunningException exists) {
      // made before
    } catch (RuntimeException unavailable) {
      log.warn(
          "Could not make merchant {}'s reconciliation Schedule now ({}); it is made when the API"
              + " next starts",
          merchantId,
          unavailable.toString());
    }
  }

  /** At start-up, off the main thread: every merchant has its Schedule. */
  @Override
  public void run(ApplicationArguments args) {
    if (!properties.enabled()) {
      return;
    }
    Thread.ofVirtual()
        .name("reconciliation-schedules")
        .start(() -> merchants.ids().forEach(this::ensure));
  }

  static Schedule schedule(long merchantId) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ReconciliationWorkflow.class)
                .setArguments(ReconciliationInput.scheduled(merchantId))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.reconciliation(merchantId))
                        .setTaskQueue(TaskQueues.OPERATIONS)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCalendars(
                    List.of(
                        ScheduleCalendarSpec.newBuilder()
                            .setSeconds(List.of(new ScheduleRange(0)))
                            .setMinutes(List.of(new ScheduleRange(MINUTE)))
                            .setHour(List.of(new ScheduleRange(HOUR)))
                            .setDayOfMonth(ScheduleCalendarSpec.ALL_MONTH_DAYS)
                            .setMonth(ScheduleCalendarSpec.ALL_MONTHS)
                            .setDayOfWeek(ScheduleCalendarSpec.ALL_WEEK_DAYS)
                            .setComment("daily reconciliation")
                            .build()))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(CATCH_UP)
                .build())
        .build();
  }
}
