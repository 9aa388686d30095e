package io.settle.workflows.recurring;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;

/** What a template's firing asks of the world: its period's invoice, made once. */
@ActivityInterface
public interface RecurringInvoiceActivities {

  /**
   * Makes the template's invoice for the period that {@code scheduledAt} falls in (in the
   * template's time zone), or finds it made already, and starts its payment workflow. Idempotent:
   * the invoice number comes from the template and the period, and the number is unique.
   */
  IssuedInvoice issue(long merchantId, long recurringInvoiceId, Instant scheduledAt);
}
