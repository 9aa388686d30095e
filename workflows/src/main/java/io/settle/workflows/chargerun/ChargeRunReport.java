package io.settle.workflows.chargerun;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A charge run's progress and report: what the status query shows while it runs, and its result.
 *
 * @param done invoices with an outcome, of {@code total}
 * @param counts invoices per outcome
 * @param invoices each invoice's outcome, in the order they finished
 */
public record ChargeRunReport(
    String runId,
    long merchantId,
    boolean finished,
    int total,
    int done,
    Map<InvoiceCharge.Outcome, Integer> counts,
    List<InvoiceCharge> invoices) {

  static ChargeRunReport of(ChargeRunInput input, boolean finished, List<InvoiceCharge> results) {
    Map<InvoiceCharge.Outcome, Integer> counts = new TreeMap<>();
    results.forEach(result -> counts.merge(result.outcome(), 1, Integer::sum));
    return new ChargeRunReport(
        input.runId(),
        input.merchantId(),
        finished,
        input.invoiceIds().size(),
        results.size(),
        counts,
        List.copyOf(results));
  }
}
