package io.settle.stripe.gateway.customers;

import io.settle.stripe.gateway.SettleMetadata;

/**
 * A Stripe customer search, in Stripe's query language. Matches are exact (case-insensitive for
 * name), which is what automatic mapping by exact name needs.
 */
public record CustomerQuery(String stripeQuery) {

  public static CustomerQuery byName(String name) {
    return new CustomerQuery("name:" + SettleMetadata.quoted(name));
  }
}
