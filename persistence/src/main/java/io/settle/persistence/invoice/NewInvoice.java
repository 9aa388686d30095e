package io.settle.persistence.invoice;

import java.time.LocalDate;
import java.util.List;

/**
 * An invoice about to be stored; its total is the sum of its lines.
 *
 * @param autopayMethodLabel how it will be paid, as the invoice prints it (see {@code
 *     PaymentMethodLabel}), taken now
 * @param recurrence the template and period that made it; null for an invoice the host app sent
 */
public record NewInvoice(
    long merchantId,
    String number,
    long customerId,
    String currency,
    LocalDate dueDate,
    String autopayTiming,
    List<InvoiceLine> lines,
    String autopayMethodLabel,
    Recurrence recurrence) {

  /** The recurring template an invoice came from, and the period it bills. */
  public record Recurrence(long recurringInvoiceId, LocalDate periodStart, LocalDate periodEnd) {}

  public long total() {
    return lines.stream().mapToLong(InvoiceLine::amount).sum();
  }
}
