package io.settle.api.recurring;

import io.settle.api.validation.IanaTimeZone;
import io.settle.workflows.invoice.AutopayTiming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The merchant's recurring invoice settings, replaced as a whole.
 *
 * @param timeZone an IANA zone: the dates of templates without their own, and the daily run's hour
 * @param autopayRecurringInvoices "auto-pay recurring invoices": OFF, ON_CREATION or ON_DUE_DATE,
 *     for templates whose autopay is MERCHANT_DEFAULT
 * @param collectionRun the daily collection run: each day at {@code hour}, a charge run over the
 *     overdue, unpaid invoices that came from a template and have auto-pay on
 */
public record RecurringSettingsRequest(
    @NotBlank @Size(max = 64) @IanaTimeZone String timeZone,
    @NotNull AutopayTiming autopayRecurringInvoices,
    @NotNull @Valid CollectionRun collectionRun) {

  public record CollectionRun(
      @NotNull Boolean enabled, @NotNull @PositiveOrZero @Max(23) Integer hour) {}
}
