package io.settle.workflows.customer;

import java.util.List;

/**
 * Where a mapping run stands, as its query and its result answer it.
 *
 * @param runId the run's first run id (it stays the same when the run continues as new): what the
 *     API's Location names
 * @param lookedAt how many unmapped customers were looked up at Stripe
 * @param mapped exactly one Stripe customer had the name: now mapped to it. The lists hold the
 *     first {@link CustomerMappingProgress#LISTED} of each kind; the counts hold them all
 * @param ambiguous several had it: map one by hand
 * @param missing none had it: map by hand or create the Stripe customer
 * @param failure why the run stopped before the end (Stripe refused the merchant's key), or null
 */
public record CustomerMappingView(
    String runId,
    long merchantId,
    Stage stage,
    int lookedAt,
    int mappedCount,
    int ambiguousCount,
    int missingCount,
    List<Mapped> mapped,
    List<Ambiguous> ambiguous,
    List<Missing> missing,
    String failure) {

  public CustomerMappingView {
    mapped = List.copyOf(mapped);
    ambiguous = List.copyOf(ambiguous);
    missing = List.copyOf(missing);
  }

  public record Mapped(long customerId, String name, String stripeCustomerId) {}

  public record Ambiguous(long customerId, String name, List<String> candidateStripeCustomerIds) {

    public Ambiguous {
      candidateStripeCustomerIds = List.copyOf(candidateStripeCustomerIds);
    }
  }

  public record Missing(long customerId, String name) {}

  public enum Stage {
    RUNNING,
    /** Every customer unmapped when its page came was looked up. */
    COMPLETED,
    /** Stopped by a failure no retry can fix; what was mapped stays mapped. */
    FAILED
  }
}
