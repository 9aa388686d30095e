package io.settle.activities.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciliation janitor runs ({@code settle.reconciliation.*}).
 *
 * @param lookBack how far back a scheduled run lists PaymentIntents (a daily run overlaps the day
 *     before, so a run missed in an outage is covered by the next)
 * @param pageSize PaymentIntents per Stripe list call (at most 100)
 * @param pagePause the pause between pages, so a run never crowds the merchant's rate limit
 * @param confirmAfter how long the invoices' workflows are given to record what was handed to them
 * @param confirmRounds how many checks before what is still not recorded is flagged
 * @param unknownAfter how long an attempt's outcome may stay unknown before the janitor has its
 *     workflow look it up at once (the workflow itself asks again after 5 minutes, then less often)
 * @param newInvoiceGrace how old an open invoice must be before a missing workflow counts (a new
 *     one's may still be starting)
 * @param invoicePageSize open invoices checked per activity call
 * @param keepListed how long what Stripe listed for a finished run is kept; its findings stay
 */
@ConfigurationProperties("settle.reconciliation")
public record ReconciliationProperties(
    @DefaultValue("P3D") Duration lookBack,
    @DefaultValue("100") int pageSize,
    @DefaultValue("200ms") Duration pagePause,
    @DefaultValue("20s") Duration confirmAfter,
    @DefaultValue("3") int confirmRounds,
    @DefaultValue("1h") Duration unknownAfter,
    @DefaultValue("5m") Duration newInvoiceGrace,
    @DefaultValue("200") int invoicePageSize,
    @DefaultValue("P30D") Duration keepListed) {

  public ReconciliationProperties {
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException(
          "settle.reconciliation.page-size must be 1 to 100 (Stripe's list limit), not "
              + pageSize);
    }
    if (confirmRounds < 1 || invoicePageSize < 1) {
      throw new IllegalArgumentException(
          "settle.reconciliation.confirm-rounds and invoice-page-size must be positive");
    }
  }
}
