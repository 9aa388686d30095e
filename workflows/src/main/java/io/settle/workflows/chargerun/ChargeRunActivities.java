package io.settle.workflows.chargerun;

import io.temporal.activity.ActivityInterface;
import java.time.LocalDate;
import java.util.List;

/** What a charge run asks of the world: one invoice's charge, through its own workflow. */
@ActivityInterface
public interface ChargeRunActivities {

  /**
   * Asks the invoice's payment workflow to charge it now (its {@code chargeNow} update, under an
   * update id of this run and invoice, so a retry never asks twice) and tells what came of it.
   * Never calls Stripe itself: the invoice's rules decide, one charge in flight per invoice, so two
   * runs over the same invoice never charge it twice.
   */
  InvoiceCharge chargeInvoice(String runId, long merchantId, long invoiceId);

  /**
   * The daily collection run's invoices: the merchant's unpaid invoices due before {@code asOf}
   * that came from a recurring template and have auto-pay on, oldest due first, at most {@link
   * ChargeRunInput#MOST_INVOICES}. Those with a payment under way are included, and reported
   * skipped.
   */
  List<Long> selectDailyCollection(long merchantId, LocalDate asOf);

  /**
   * Tells the host app the run is over: writes its {@code charge_run.completed} event (once per
   * run) with the report as the charge-run API shows it.
   */
  void reportCompleted(long merchantId, ChargeRunResponse report);
}
