package io.settle.persistence.invoice;

import java.time.LocalDate;
import java.util.List;

/**
 * An invoice about to be stored; its total is the sum of its lines.
 *
 * @param autopayMethodLabel how it will be paid, as the invoice prints it (see {@code
 *     PaymentMethodLabel}), taken now
 */
public record NewInvoice(
    long merchantId,
    String number,
    long customerId,
    String currency,
    LocalDate dueDate,
    String autopayTiming,
    List<InvoiceLine> lines,
    String autopayMethodLabel) {

  public long total() {
    return lines.stream().mapToLong(InvoiceLine::amount).sum();
  }
}
