package io.settle.api.customer;

import io.settle.workflows.customer.CustomerMappingView;
import java.util.List;

/**
 * A run of automatic mapping by exact name, as far as it has got: what it found for the customers
 * that were unmapped when their page came.
 *
 * @param runId names the run: {@code GET /api/v1/customers/stripe-mappings/{runId}}
 * @param state RUNNING, COMPLETED, or FAILED (Stripe refused the merchant's key; what was mapped
 *     stays mapped)
 * @param lookedAt customers looked up at Stripe so far
 * @param mapped exactly one Stripe customer had the name: now mapped to it. Each list holds the
 *     first 500 of its kind; the counts hold them all (the rest of the ambiguous and missing ones
 *     are the customers still listed as unmapped)
 * @param ambiguous several had it: map one by hand
 * @param missing none had it: map by hand or create the Stripe customer
 */
public record StripeMappingRun(
    String runId,
    String state,
    int lookedAt,
    int mappedCount,
    int ambiguousCount,
    int missingCount,
    List<Mapped> mapped,
    List<Ambiguous> ambiguous,
    List<Missing> missing,
    String failure) {

  public record Mapped(long customerId, String name, String stripeCustomerId) {}

  public record Ambiguous(long customerId, String name, List<String> candidateStripeCustomerIds) {}

  public record Missing(long customerId, String name) {}

  static StripeMappingRun of(CustomerMappingView view) {
    return new StripeMappingRun(
        view.runId(),
        view.stage().name(),
        view.lookedAt(),
        view.mappedCount(),
        view.ambiguousCount(),
        view.missingCount(),
        view.mapped().stream()
            .map(m -> new Mapped(m.customerId(), m.name(), m.stripeCustomerId()))
            .toList(),
        view.ambiguous().stream()
            .map(a -> new Ambiguous(a.customerId(), a.name(), a.candidateStripeCustomerIds()))
            .toList(),
        view.missing().stream().map(m -> new Missing(m.customerId(), m.name())).toList(),
        view.failure());
  }
}
