package io.settle.persistence.invoice;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * An invoice as stored. Money is integer minor units in {@code currency}.
 *
 * @param recurringInvoiceId the template that made it, with the period it bills; all three null for
 *     an invoice the host app sent
 */
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
    String autopayMethodLabel,
    Long recurringInvoiceId,
    LocalDate periodStart,
    LocalDate periodEnd) {

  /** An invoice the host app sent, made by no template. */
  public Invoice(
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
    this(
        id,
        merchantId,
        invoiceKey,
        number,
        customerId,
        currency,
        total,
        amountPaid,
        status,
        dueDate,
        autopayTiming,
        createdAt,
        updatedAt,
        autopayMethodLabel,
        null,
        null,
        null);
  }

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }

  /**
   * What a payment can still pay of the invoice: nothing on a void one, what is due on any other
   * (an uncollectible invoice may still be paid). Money beyond it is the customer's credit.
   */
  public long collectible() {
    return status == InvoiceStatus.VOID ? 0 : amountDue();
  }
}
