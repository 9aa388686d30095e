package io.settle.workflows.invoice;

import java.time.LocalDate;

/**
 * Everything the workflow needs to start deciding about one invoice. Money is integer minor units.
 *
 * @param policy the merchant's collection rules as they were when the invoice was created
 * @param progress what an earlier run of this invoice had learned, when it continued as new; null
 *     for a new invoice
 * @param invoiceKey the invoice's public key ({@code inv_…}), unique across databases; idempotency
 *     keys are built from it so a reset database can never replay another invoice's charge
 */
public record InvoicePaymentInput(
    long merchantId,
    long invoiceId,
    String invoiceKey,
    String invoiceNumber,
    long customerId,
    String customerName,
    String currency,
    long total,
    LocalDate dueDate,
    AutopayTiming autopay,
    PaymentPolicy policy,
    InvoiceProgress progress) {

  /** A new invoice's input, with nothing carried over. */
  public static InvoicePaymentInput of(
      long merchantId,
      long invoiceId,
      String invoiceKey,
      String invoiceNumber,
      long customerId,
      String customerName,
      String currency,
      long total,
      LocalDate dueDate,
      AutopayTiming autopay,
      PaymentPolicy policy) {
    return new InvoicePaymentInput(
        merchantId,
        invoiceId,
        invoiceKey,
        invoiceNumber,
        customerId,
        customerName,
        currency,
        total,
        dueDate,
        autopay,
        policy,
        null);
  }

  /** The same invoice, continued as new with what the run had learned. */
  public InvoicePaymentInput continuedWith(InvoiceProgress carried) {
    return new InvoicePaymentInput(
        merchantId,
        invoiceId,
        invoiceKey,
        invoiceNumber,
        customerId,
        customerName,
        currency,
        total,
        dueDate,
        autopay,
        policy,
        carried);
  }
}
