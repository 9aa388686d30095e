package io.settle.workflows.invoice;

import java.time.LocalDate;

/**
 * Everything the workflow needs to start deciding about one invoice. Money is integer minor units.
 *
 * @param policy the merchant's collection rules as they were when the invoice was created
 * @param progress what an earlier run had learned, from runs that continued as new before {@code
 *     carried} existed; null otherwise
 * @param carried the earlier run's whole state, when it continued as new; null for a new invoice
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
    CollectionPolicy policy,
    InvoiceProgress progress,
    InvoiceRun carried) {

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
      CollectionPolicy policy) {
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
        null,
        null);
  }

  /** The same invoice, continued as new with the run's whole state. */
  public InvoicePaymentInput continuedWith(InvoiceRun run) {
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
        null,
        run);
  }

  /** The run to begin from: the one carried over, or a new invoice's. */
  InvoiceRun startingRun() {
    if (carried != null) {
      return carried;
    }
    return progress != null ? InvoiceRun.from(progress) : InvoiceRun.of(total, dueDate);
  }

  /** Whether this run continues an earlier one (and so has begun already). */
  boolean continues() {
    return carried != null || progress != null;
  }
}
