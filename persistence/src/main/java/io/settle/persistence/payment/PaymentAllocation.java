package io.settle.persistence.payment;

/** How much of a payment went to which invoice. */
public record PaymentAllocation(long paymentId, long invoiceId, long amount) {}
