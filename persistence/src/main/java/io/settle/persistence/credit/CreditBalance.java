package io.settle.persistence.credit;

/** What a customer holds in one currency: the sum of its movements, in integer minor units. */
public record CreditBalance(String currency, long amount) {}
