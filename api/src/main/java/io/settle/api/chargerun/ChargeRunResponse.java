package io.settle.api.chargerun;

import io.settle.workflows.chargerun.ChargeRunReport;
import io.settle.workflows.chargerun.InvoiceCharge;
import java.util.List;
import java.util.Map;

/**
 * A charge run as the API shows it: its workflow, progress and, per invoice, what came of it.
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

  static ChargeRunResponse of(String workflowId, ChargeRunReport report) {
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
