package io.settle.workflows.invoice;

import java.time.Instant;
import java.util.List;

/**
 * The answer to the status query: where the invoice stands, what was tried, and what happens next.
 *
 * @param nextAction what the workflow will do next on its own ("retry charge", "charge on due
 *     date", "give up waiting for authentication", "ask Stripe about processing payment"), or null
 * @param nextActionAt when, or null
 * @param problem what keeps the run from going on by itself, or null
 */
public record InvoicePaymentStatus(
    InvoiceState state,
    long total,
    long amountPaid,
    List<AttemptView> attempts,
    String nextAction,
    Instant nextActionAt,
    InvoiceProblem problem) {

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }
}
