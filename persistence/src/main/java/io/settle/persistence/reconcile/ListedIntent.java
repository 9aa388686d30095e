package io.settle.persistence.reconcile;

import java.time.Instant;

/**
 * A PaymentIntent as Stripe listed it for a reconciliation run, with the Settle invoice or customer
 * payment its metadata names (both null for one Settle did not make).
 */
public record ListedIntent(
    String paymentIntentId,
    String status,
    long amountReceived,
    String currency,
    Long invoiceId,
    String batchId,
    Instant created) {

  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
