package io.settle.workflows.ledger;

/**
 * The workflow's decision to try a charge: which attempt, for how much, under which key. The ledger
 * writes it down before anything is sent to Stripe.
 */
public record AttemptStart(
    String idempotencyKey, long invoiceId, int attemptNumber, long amount, PaymentSource source) {}
