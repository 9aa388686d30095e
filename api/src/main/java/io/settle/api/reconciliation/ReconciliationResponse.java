package io.settle.api.reconciliation;

import io.settle.persistence.reconcile.DriftTotal;
import io.settle.persistence.reconcile.Finding;
import io.settle.persistence.reconcile.ReconciliationRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A reconciliation run's report: what it checked, the drift it found by kind, and each finding with
 * what became of it.
 *
 * @param status RUNNING, COMPLETED or FAILED
 * @param stage what a running run is doing (from the workflow's status query)
 */
public record ReconciliationResponse(
    String id,
    @Schema(allowableValues = {"RUNNING", "COMPLETED", "FAILED"}) String status,
    String stage,
    Instant windowStart,
    Instant windowEnd,
    Instant startedAt,
    Instant finishedAt,
    int intentsChecked,
    int attemptsChecked,
    int invoicesChecked,
    List<DriftTotal> drift,
    List<FindingView> findings,
    String workflowId) {

  /** One finding. */
  public record FindingView(
      long id,
      @Schema(
              allowableValues = {
                "LOST_WEBHOOK",
                "PAYMENT_WITHOUT_INTENT",
                "AMOUNT_MISMATCH",
                "UNKNOWN_ATTEMPT",
                "MISSING_WORKFLOW"
              })
          String kind,
      @Schema(allowableValues = {"FOUND", "APPLIED", "FIXED", "FLAGGED"}) String outcome,
      Long invoiceId,
      String batchId,
      String paymentIntentId,
      Long paymentId,
      Long attemptId,
      Long amount,
      String currency,
      String detail,
      Instant updatedAt) {

    static FindingView of(Finding finding) {
      return new FindingView(
          finding.id(),
          finding.kind().name(),
          finding.outcome().name(),
          finding.invoiceId(),
          finding.batchId(),
          finding.paymentIntentId(),
          finding.paymentId(),
          finding.attemptId(),
          finding.amount(),
          finding.currency(),
          finding.detail(),
          finding.updatedAt());
    }
  }

  static ReconciliationResponse of(
      ReconciliationRun run,
      String status,
      String stage,
      List<DriftTotal> drift,
      List<Finding> all) {
    return new ReconciliationResponse(
        run.id(),
        status,
        stage,
        run.windowStart(),
        run.windowEnd(),
        run.startedAt(),
        run.finishedAt(),
        run.intentsChecked(),
        run.attemptsChecked(),
        run.invoicesChecked(),
        drift,
        all.stream().map(FindingView::of).toList(),
        run.id());
  }
}
