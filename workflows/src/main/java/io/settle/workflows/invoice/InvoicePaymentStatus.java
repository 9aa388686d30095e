package io.settle.workflows.invoice;

import java.util.List;

/** The answer to the status query: where the invoice stands and what was tried. */
public record InvoicePaymentStatus(
    InvoiceState state, long total, long amountPaid, List<AttemptView> attempts) {

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }
}
