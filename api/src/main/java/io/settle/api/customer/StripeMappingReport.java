package io.settle.api.customer;

import java.util.List;

/**
 * What a run of automatic mapping by exact name found for the customers that were unmapped.
 *
 * @param mapped exactly one Stripe customer had the name: now mapped to it
 * @param ambiguous several had it: map one by hand
 * @param missing none had it: map by hand or create the Stripe customer
 */
public record StripeMappingReport(
    List<Mapped> mapped, List<Ambiguous> ambiguous, List<Missing> missing) {

  public record Mapped(long customerId, String name, String stripeCustomerId) {}

  public record Ambiguous(long customerId, String name, List<String> candidateStripeCustomerIds) {}

  public record Missing(long customerId, String name) {}
}
