package io.settle.workflows.chargerun;

import java.util.List;
import java.util.Map;

/**
 * A charge run as the API shows it: its workflow, progress and, per invoice, what came of it. The
 * same object is the {@code data.object} of the host app's {@code charge_run.completed} event.
 *
 * @param workflowId the run in the Temporal UI ({@code charge-run:<id>})
 * @param status RUNNING or COMPLETED
 * @param done invoices finished, of {@code total}
 */
public record ChargeRunResponse(
    String id,
    String workflowId,
    String status,
    int total,
    int done,
    Map<InvoiceCharge.Outcome, Integer> counts,
    List<InvoiceCharge> invoices) {

  public static ChargeRunResponse of(String workflowId, ChargeRunReport report) {
    return new ChargeRunResponse(
        report.runId(),
        workflowId,
        report.finished() ? "COMPLETED" : "RUNNING",
        report.total(),
        report.done(),
        report.counts(),
        report.invoices());
  }
}
