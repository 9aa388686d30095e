package io.settle.workflows.customer;

import io.settle.workflows.customer.CustomerMappingView.Ambiguous;
import io.settle.workflows.customer.CustomerMappingView.Mapped;
import io.settle.workflows.customer.CustomerMappingView.Missing;
import java.util.ArrayList;
import java.util.List;

/**
 * What a mapping run has found so far, page by page. Counts are complete; the lists keep the first
 * {@link #LISTED} of each kind, so the workflow's state, query answer and continue-as-new input
 * stay small for a merchant with many thousands of customers (the rest of the ambiguous and missing
 * ones are the customers still listed as unmapped).
 *
 * @param afterCustomerId the next page starts after this customer
 */
public record CustomerMappingProgress(
    long afterCustomerId,
    int lookedAt,
    int mappedCount,
    int ambiguousCount,
    int missingCount,
    List<Mapped> mapped,
    List<Ambiguous> ambiguous,
    List<Missing> missing) {

  /** How many customers of each kind a run lists. */
  public static final int LISTED = 500;

  public CustomerMappingProgress {
    mapped = List.copyOf(mapped);
    ambiguous = List.copyOf(ambiguous);
    missing = List.copyOf(missing);
  }

  public static CustomerMappingProgress none() {
    return new CustomerMappingProgress(0, 0, 0, 0, 0, List.of(), List.of(), List.of());
  }

  public CustomerMappingProgress plus(MappingPage page) {
    return new CustomerMappingProgress(
        Math.max(afterCustomerId, page.lastCustomerId()),
        lookedAt + page.lookedAt(),
        mappedCount + page.mapped().size(),
        ambiguousCount + page.ambiguous().size(),
        missingCount + page.missing().size(),
        upToListed(mapped, page.mapped()),
        upToListed(ambiguous, page.ambiguous()),
        upToListed(missing, page.missing()));
  }

  public CustomerMappingView view(
      String runId, long merchantId, CustomerMappingView.Stage stage, String failure) {
    return new CustomerMappingView(
        runId,
        merchantId,
        stage,
        lookedAt,
        mappedCount,
        ambiguousCount,
        missingCount,
        mapped,
        ambiguous,
        missing,
        failure);
  }

  private static <T> List<T> upToListed(List<T> kept, List<T> more) {
    List<T> all = new ArrayList<>(kept);
    more.stream().limit(Math.max(0, LISTED - kept.size())).forEach(all::add);
    return all;
  }
}
