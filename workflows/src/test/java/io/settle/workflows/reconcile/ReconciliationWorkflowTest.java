package io.settle.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.reconcile.ReconciliationReport.Stage;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * The janitor's run on Temporal's time-skipping test server, its activities mocked: Stripe's pages
 * follow one another, the ledger is compared once every page is in, every page of open invoices is
 * checked, and what was handed to the invoices' workflows is confirmed, round after round, until
 * nothing is left waiting.
 */
class ReconciliationWorkflowTest {

  private static final long MERCHANT = 9;
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-04T00:00:00Z");

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ReconciliationWorkflowImpl.class)
            .setDoNotStart(true)
            .setInitialTime(Instant.parse("2026-12-04T04:30:00Z"));
    InvoiceSearchAttributes.registrations().forEach(builder::registerSearchAttribute);
    return builder.build();
  }

  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;
  private final ReconciliationActivities activities =
      mock(ReconciliationActivities.class, withSettings().withoutAnnotations());
  private String runId;
  private final ReconciliationPlan plan =
      new ReconciliationPlan(
          MERCHANT, START, END, 100, Duration.ofSeconds(1), Duration.ofSeconds(20), 3);

  @BeforeEach
  void wire(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.worker = worker;
    this.client = client;
  }

  @Test
  void everyPageIsListedThenComparedThenTheFixesAreConfirmedUntilNoneIsWaiting() {
    String id = WorkflowIds.reconciliationRun(MERCHANT, "test-1");
    when(activities.begin(eq(id), any())).thenReturn(plan);
    when(activities.scanIntents(id, plan, null)).thenReturn(new IntentScan(100, "pi_100", true));
    when(activities.scanIntents(id, plan, "pi_100"))
        .thenReturn(new IntentScan(40, "pi_140", false));
    when(activities.compareLedger(id, plan)).thenReturn(3);
    when(activities.checkWorkflows(id, plan, 0)).thenReturn(new WorkflowCheck(200, 250, true));
    when(activities.checkWorkflows(id, plan, 250)).thenReturn(new WorkflowCheck(12, 400, false));
    when(activities.applyFixes(id, plan)).thenReturn(2);
    when(activities.confirm(id, plan, false)).thenReturn(1).thenReturn(0);
    List<DriftCount> drift = List.of(new DriftCount("LOST_WEBHOOK", 2, 2, 0));
    when(activities.finish(id, plan, 140, 3, 212))
        .thenReturn(
            new ReconciliationReport(
                id, MERCHANT, Stage.COMPLETED, START, END, 140, 3, 212, drift));

    ReconciliationReport report = run(id);

    assertThat(report.stage()).isEqualTo(Stage.COMPLETED);
    assertThat(report.drift()).isEqualTo(drift);
    InOrder steps = inOrder(activities);
    steps.verify(activities).scanIntents(id, plan, null);
    steps.verify(activities).scanIntents(id, plan, "pi_100");
    steps.verify(activities).compareLedger(id, plan);
    steps.verify(activities).checkWorkflows(id, plan, 0);
    steps.verify(activities).checkWorkflows(id, plan, 250);
    steps.verify(activities).applyFixes(id, plan);
    steps.verify(activities, times(2)).confirm(id, plan, false);
    steps.verify(activities).finish(id, plan, 140, 3, 212);
    verify(activities, never()).confirm(id, plan, true);
  }

  @Test
  void whatIsStillNotRecordedOnTheLastRoundIsFlaggedAndNothingAppliedIsNotConfirmed() {
    String id = WorkflowIds.reconciliationRun(MERCHANT, "test-2");
    when(activities.begin(eq(id), any())).thenReturn(plan);
    when(activities.scanIntents(id, plan, null)).thenReturn(new IntentScan(0, null, false));
    when(activities.checkWorkflows(id, plan, 0)).thenReturn(new WorkflowCheck(0, 0, false));
    when(activities.applyFixes(id, plan)).thenReturn(1);
    when(activities.confirm(id, plan, false)).thenReturn(1);
    when(activities.confirm(id, plan, true)).thenReturn(0);
    when(activities.finish(eq(id), eq(plan), anyInt(), anyInt(), anyInt()))
        .thenReturn(
            new ReconciliationReport(
                id, MERCHANT, Stage.COMPLETED, START, END, 0, 0, 0, List.of()));

    run(id);

    verify(activities, times(2)).confirm(id, plan, false);
    verify(activities).confirm(id, plan, true);
  }

  @Test
  void aRunWithNothingToApplyChecksNothingAfterwards() {
    String id = WorkflowIds.reconciliationRun(MERCHANT, "test-3");
    when(activities.begin(eq(id), any())).thenReturn(plan);
    when(activities.scanIntents(id, plan, null)).thenReturn(new IntentScan(5, "pi_5", false));
    when(activities.checkWorkflows(id, plan, 0)).thenReturn(new WorkflowCheck(5, 9, false));
    when(activities.finish(eq(id), eq(plan), anyInt(), anyInt(), anyInt()))
        .thenReturn(
            new ReconciliationReport(
                id, MERCHANT, Stage.COMPLETED, START, END, 5, 0, 5, List.of()));

    run(id);

    verify(activities, never()).confirm(any(), any(), anyBoolean());
    verify(activities, never()).checkWorkflows(eq(id), eq(plan), eq(9L));
    verify(activities).finish(id, plan, 5, 0, 5);
  }

  /**
   * With -Dsettle.histories.record=true, keeps each test's history, which {@link
   * ReconciliationReplayTest} replays on every build.
   */
  @AfterEach
  void recordHistory(TestInfo test) throws IOException {
    if (!Boolean.getBoolean("settle.histories.record") || runId == null) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(runId);
    Path file =
        ReconciliationReplayTest.HISTORIES.resolve(
            test.getTestMethod().orElseThrow().getName() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }

  private ReconciliationReport run(String id) {
    runId = id;
    worker.registerActivitiesImplementations(activities);
    env.start();
    ReconciliationWorkflow workflow =
        client.newWorkflowStub(
            ReconciliationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return workflow.run(new ReconciliationInput(MERCHANT, START, END));
  }
}
