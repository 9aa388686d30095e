package io.settle.api.invoice;

import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.view.InvoiceResponse;
import java.time.LocalDate;

/** An invoice in a listing: its money and status, without lines, payments or attempts. */
public record InvoiceSummary(
    long id,
    String number,
    long customerId,
    String currency,
    long total,
    long amountPaid,
    long amountDue,
    String status,
    LocalDate dueDate,
    String autopay,
    Long recurringInvoiceId,
    InvoiceResponse.Period period) {

  static InvoiceSummary of(Invoice invoice) {
    return new InvoiceSummary(
        invoice.id(),
        invoice.number(),
        invoice.customerId(),
        invoice.currency(),
        invoice.total(),
        invoice.amountPaid(),
        invoice.amountDue(),
        invoice.status().name(),
        invoice.dueDate(),
        invoice.autopayTiming(),
        invoice.recurringInvoiceId(),
        InvoiceResponse.Period.of(invoice));
  }
}
