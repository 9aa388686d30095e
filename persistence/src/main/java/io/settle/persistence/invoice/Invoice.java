package io.settle.persistence.invoice;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** An invoice as stored. Money is integer minor units in {@code currency}. */
public record Invoice(
    long id,
    long merchantId,
    String invoiceKey,
    String number,
    long customerId,
    String currency,
    long total,
    long amountPaid,
    InvoiceStatus status,
    LocalDate dueDate,
    String autopayTiming,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    String autopayMethodLabel) {

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }
}
