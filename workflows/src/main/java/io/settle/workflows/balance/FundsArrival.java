package io.settle.workflows.balance;

/**
 * Money that reached a customer's cash balance at Stripe.
 *
 * @param transactionId the funding transaction ({@code ccsbtxn_…}); null for a funds-available
 *     notice, which names none
 * @param amount what the transaction brought, in integer minor units; 0 when unknown
 * @param eventId the Stripe event that told it
 */
public record FundsArrival(String transactionId, long amount, String currency, String eventId) {}
