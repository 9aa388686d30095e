package io.settle.workflows.ledger;

/**
 * The workflow's decision to try a charge: which attempt, for how much, under which key. The ledger
 * writes it down before anything is sent to Stripe.
 *
 * @param paymentMethodId the method to charge, or null for the customer's auto-pay method
 */
public record AttemptStart(
    String idempotencyKey,
    long invoiceId,
    int attemptNumber,
    long amount,
    PaymentSource source,
    String paymentMethodId) {}
