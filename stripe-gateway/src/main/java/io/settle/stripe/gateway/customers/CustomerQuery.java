package io.settle.stripe.gateway.customers;

import io.settle.stripe.gateway.SettleMetadata;

/**
 * A Stripe customer search, in Stripe's query language. Matches are exact (case-insensitive for
 * name and email), which is what automatic mapping by exact name needs.
 */
public record CustomerQuery(String stripeQuery) {

  public static CustomerQuery byEmail(String email) {
    return new CustomerQuery("email:" + SettleMetadata.quoted(email));
  }

  public static CustomerQuery byName(String name) {
    return new CustomerQuery("name:" + SettleMetadata.quoted(name));
  }

  public static CustomerQuery byMetadata(String key, String value) {
    return new CustomerQuery(SettleMetadata.searchClause(key, value));
  }

  /** The customers Settle created for one of its own customers. */
  public static CustomerQuery bySettleCustomer(long settleCustomerId) {
    return byMetadata(SettleMetadata.CUSTOMER_ID, Long.toString(settleCustomerId));
  }
}
