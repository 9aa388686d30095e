package io.settle.api.reconciliation;

import io.settle.api.problem.ApiProblem;
import io.settle.persistence.reconcile.DriftTotal;
import io.settle.persistence.reconcile.ReconciliationRepository;
import io.settle.persistence.reconcile.ReconciliationRun;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.WorkflowRuns;
import io.settle.workflows.reconcile.ReconciliationInput;
import io.settle.workflows.reconcile.ReconciliationReport;
import io.settle.workflows.reconcile.ReconciliationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The API's side of the reconciliation janitor: start a run by hand, and read a run's report from
 * the database, with the workflow's own word while it runs.
 */
@Component
class Reconciliations {

  /** The widest window a run started by hand may cover. */
  static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  private static final int LIST_LIMIT = 50;

  private final WorkflowClient workflows;
  private final ReconciliationRepository store;
  private final Clock clock;

  Reconciliations(WorkflowClient workflows, ReconciliationRepository store, Clock clock) {
    this.workflows = workflows;
    this.store = store;
    this.clock = clock;
  }

  /** Starts a run and answers its id (the workflow's). */
  String start(long merchantId, ReconciliationRequest request) {
    Instant since = request == null ? null : request.since();
    Instant until = request == null ? null : request.until();
    if (until != null && until.isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
      throw ApiProblem.invalid("until", "must not be in the future");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw ApiProblem.invalid("since", "must be before until");
    }
    Instant end = until != null ? until : clock.instant();
    if (since != null && Duration.between(since, end).compareTo(LONGEST_WINDOW) > 0) {
      throw ApiProblem.invalid("since", "must be at most 90 days before until");
    }
    String id =
        WorkflowIds.reconciliationRun(
            merchantId, "manual-" + UUID.randomUUID().toString().substring(0, 8));
    ReconciliationWorkflow run =
        workflows.newWorkflowStub(
            ReconciliationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.OPERATIONS)
                .setStaticSummary("Reconciliation of merchant " + merchantId + " (by hand)")
                .build());
    WorkflowClient.start(run::run, new ReconciliationInput(merchantId, since, until));
    return id;
  }

  ReconciliationResponse get(long merchantId, String id) {
    if (!WorkflowIds.isReconciliationOf(merchantId, id)) {
      throw ApiProblem.notFound("reconciliation", id);
    }
    Optional<ReconciliationRun> stored = store.findRun(merchantId, id);
    if (stored.isEmpty()) {
      return starting(merchantId, id);
    }
    ReconciliationRun run = stored.get();
    String status = run.status();
    String stage = null;
    if ("RUNNING".equals(status)) {
      Optional<WorkflowExecutionStatus> workflow = WorkflowRuns.status(workflows, id);
      if (workflow.isPresent()
          && workflow.get() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && workflow.get() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        status = "FAILED";
      } else {
        stage = stage(id).orElse(null);
      }
    }
    return ReconciliationResponse.of(run, status, stage, store.drift(id), store.findings(id));
  }

  /** The merchant's runs, newest first, without their findings. */
  List<ReconciliationResponse> list(long merchantId) {
    return store.runs(merchantId, LIST_LIMIT).stream()
        .map(
            run ->
                ReconciliationResponse.of(
                    run, run.status(), null, store.drift(run.id()), List.of()))
        .toList();
  }

  /** A run the workflow has not yet recorded: its word alone, or 404 when there is none. */
  private ReconciliationResponse starting(long merchantId, String id) {
    if (WorkflowRuns.status(workflows, id).isEmpty()) {
      throw ApiProblem.notFound("reconciliation", id);
    }
    String stage = stage(id).orElse(ReconciliationReport.Stage.STARTING.name());
    ReconciliationRun pending =
        new ReconciliationRun(id, merchantId, null, null, "RUNNING", 0, 0, 0, null, null);
    return ReconciliationResponse.of(pending, "RUNNING", stage, List.<DriftTotal>of(), List.of());
  }

  private Optional<String> stage(String id) {
    try {
      ReconciliationReport report =
          workflows.newWorkflowStub(ReconciliationWorkflow.class, id).status();
      return Optional.ofNullable(report).map(r -> r.stage().name());
    } catch (WorkflowException | io.grpc.StatusRuntimeException unanswered) {
      return Optional.empty(); // no worker to answer now: the stored report still stands
    }
  }
}
