package io.settle.api.chargerun;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What to charge now: listed invoices, or a filter over the merchant's invoices still owed
 * something. Each invoice is charged with its customer's auto-pay method.
 *
 * @param invoiceIds these invoices (at most 1,000); absent to use the filter
 * @param overdue with the filter: only invoices past their due date
 * @param customerId with the filter: only this customer's invoices
 * @param recurringInvoiceId with the filter: only the invoices this recurring template made
 */
public record ChargeRunRequest(
    @Size(min = 1, max = ChargeRuns.MOST) List<@NotNull @Positive Long> invoiceIds,
    @Schema(description = "Only invoices past their due date (filter)") Boolean overdue,
    @Positive Long customerId,
    @Positive Long recurringInvoiceId) {

  boolean byFilter() {
    return invoiceIds == null;
  }
}
