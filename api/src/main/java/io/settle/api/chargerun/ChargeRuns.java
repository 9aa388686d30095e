package io.settle.api.chargerun;

import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.chargerun.ChargeRunInput;
import io.settle.workflows.chargerun.ChargeRunReport;
import io.settle.workflows.chargerun.ChargeRunResponse;
import io.settle.workflows.chargerun.ChargeRunWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Starts and reads charge runs. Thin on purpose: it picks the invoices and starts the run; the run
 * asks each invoice's own workflow, which decides.
 */
@Service
class ChargeRuns {

  /** The most invoices one run takes. */
  static final int MOST = ChargeRunInput.MOST_INVOICES;

  private final WorkflowClient client;
  private final InvoiceRepository invoices;
  private final Clock clock;

  ChargeRuns(WorkflowClient client, InvoiceRepository invoices, Clock clock) {
    this.client = client;
    this.invoices = invoices;
    this.clock = clock;
  }

  ChargeRunResponse start(Caller caller, ChargeRunRequest request) {
    caller.requireManualPayments();
    List<Long> selected = selection(caller.merchantId(), request);
    if (selected.isEmpty()) {
      throw ApiProblem.conflict("No invoice to charge matches.", Map.of());
    }
    String runId = "cr_" + UUID.randomUUID().toString().replace("-", "");
    String workflowId = WorkflowIds.chargeRun(runId);
    ChargeRunInput input =
        new ChargeRunInput(runId, caller.merchantId(), selected, ChargeRunInput.CONCURRENCY);
    WorkflowClient.start(
        client.newWorkflowStub(
                ChargeRunWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.INVOICE_PAYMENTS)
                    .setStaticSummary(
                        "Charge run · "
                            + selected.size()
                            + " invoice(s) · merchant "
                            + caller.merchantId())
                    .build())
            ::run,
        input);
    return new ChargeRunResponse(
        runId, workflowId, "RUNNING", selected.size(), 0, Map.of(), List.of());
  }

  ChargeRunResponse get(Caller caller, String runId) {
    caller.requireStaff("This API key may not do that.");
    String workflowId;
    try {
      workflowId = WorkflowIds.chargeRun(runId);
    } catch (IllegalArgumentException malformed) {
      throw ApiProblem.notFound("charge run", runId);
    }
    ChargeRunReport report;
    try {
      WorkflowStub run = client.newUntypedWorkflowStub(workflowId);
      boolean finished =
          run.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
      report =
          finished
              ? run.getResult(ChargeRunReport.class)
              : run.query("progress", ChargeRunReport.class);
    } catch (WorkflowNotFoundException missing) {
      throw ApiProblem.notFound("charge run", runId);
    }
    if (report == null || report.merchantId() != caller.merchantId()) {
      throw ApiProblem.notFound("charge run", runId);
    }
    return ChargeRunResponse.of(workflowId, report);
  }

  private List<Long> selection(long merchantId, ChargeRunRequest request) {
    if (request.byFilter()) {
      LocalDate dueBefore = Boolean.TRUE.equals(request.overdue()) ? LocalDate.now(clock) : null;
      return invoices.collectibleIds(
          merchantId, request.customerId(), dueBefore, request.recurringInvoiceId(), MOST);
    }
    if (request.overdue() != null
        || request.customerId() != null
        || request.recurringInvoiceId() != null) {
      throw ApiProblem.invalid("invoiceIds", "send invoiceIds or a filter, not both");
    }
    List<Long> ids = List.copyOf(new LinkedHashSet<>(request.invoiceIds()));
    for (long id : ids) {
      if (invoices.findById(merchantId, id).map(Invoice::id).isEmpty()) {
        throw ApiProblem.notFound("invoice", id);
      }
    }
    return ids;
  }
}
