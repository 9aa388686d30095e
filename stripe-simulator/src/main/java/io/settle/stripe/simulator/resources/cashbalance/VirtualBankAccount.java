package io.settle.stripe.simulator.resources.cashbalance;

/**
 * The US bank account number a customer's transfers go to, made the first time it is asked for and
 * the same ever after, as Stripe gives each customer one virtual account. Not an API object.
 */
record VirtualBankAccount(String customer, String accountNumber) {}
