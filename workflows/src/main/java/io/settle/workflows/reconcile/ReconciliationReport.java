package io.settle.workflows.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * Where a reconciliation run stands: what it checked and the drift it found, by kind.
 *
 * @param stage what the run is doing, or COMPLETED
 */
public record ReconciliationReport(
    String id,
    long merchantId,
    Stage stage,
    Instant windowStart,
    Instant windowEnd,
    int intentsChecked,
    int attemptsChecked,
    int invoicesChecked,
    List<DriftCount> drift) {

  public enum Stage {
    STARTING,
    LISTING_INTENTS,
    COMPARING,
    CHECKING_WORKFLOWS,
    APPLYING,
    CONFIRMING,
    COMPLETED
  }
}
