package io.settle.stripe.gateway.customers;

/** A Settle customer to create at Stripe; the Settle ids go into the customer's metadata. */
public record NewCustomer(long merchantId, long settleCustomerId, String name, String email) {}
