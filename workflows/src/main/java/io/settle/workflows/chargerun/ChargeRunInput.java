package io.settle.workflows.chargerun;

import java.util.List;

/**
 * A charge run: the invoices to charge now, each through its own payment workflow.
 *
 * @param runId the run's id ({@code cr_…}), in its workflow id and in each charge's update id
 * @param invoiceIds the merchant's invoices, in the order they are charged
 * @param concurrency how many invoices are charged at once
 */
public record ChargeRunInput(
    String runId, long merchantId, List<Long> invoiceIds, int concurrency) {

  public ChargeRunInput {
    invoiceIds = List.copyOf(invoiceIds);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
  }
}
