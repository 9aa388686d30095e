package io.settle.workflows.chargerun;

import java.util.List;

/**
 * A charge run: the invoices to charge now, each through its own payment workflow.
 *
 * @param runId the run's id ({@code cr_…}), in its workflow id and in each charge's update id; null
 *     for a Schedule's run, which takes it from its workflow id
 * @param invoiceIds the merchant's invoices, in the order they are charged; empty for a daily
 *     collection run, which selects them when it fires
 * @param concurrency how many invoices are charged at once
 * @param daily set for the merchant's daily collection run: select when the run fires
 */
public record ChargeRunInput(
    String runId, long merchantId, List<Long> invoiceIds, int concurrency, DailyCollection daily) {

  /** The most invoices one run takes. */
  public static final int MOST_INVOICES = 1_000;

  /**
   * Invoices a run charges at once, manual and daily runs alike. Enough to keep a merchant's Stripe
   * write limit busy: what is in flight is the rate times one charge's round trip (an update, a
   * workflow task, the paced charge), about 100/s × 0.3 s at Stripe's live limit. The worker's
   * pacing, not this, keeps the rate under the limit.
   */
  public static final int CONCURRENCY = 32;

  /**
   * The daily collection run's selection, made when it fires: the merchant's overdue, unpaid
   * invoices that came from a recurring template and have auto-pay on.
   *
   * @param timeZone the zone whose date decides "overdue": the Schedule's firing, in it
   */
  public record DailyCollection(String timeZone) {}

  public ChargeRunInput {
    invoiceIds = List.copyOf(invoiceIds);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
  }

  public ChargeRunInput(String runId, long merchantId, List<Long> invoiceIds, int concurrency) {
    this(runId, merchantId, invoiceIds, concurrency, null);
  }

  /** The daily run once it has its id and its invoices. */
  ChargeRunInput selected(String runId, List<Long> invoiceIds) {
    return new ChargeRunInput(runId, merchantId, invoiceIds, concurrency, daily);
  }
}
