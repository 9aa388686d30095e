package io.settle.workflows.customer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a mapping run needs.
 *
 * @param pageSize unmapped customers looked up per activity, each one Stripe search
 * @param pauseBetweenPages the durable wait between two pages: it keeps a big merchant's run well
 *     under Stripe's search rate, which charge resolution shares
 * @param carried what the run found before it continued as new; null when it starts
 */
public record CustomerMappingInput(
    long merchantId, int pageSize, Duration pauseBetweenPages, CustomerMappingProgress carried) {

  public CustomerMappingInput {
    if (merchantId <= 0) {
      throw new IllegalArgumentException("merchant id must be positive: " + merchantId);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("page size must be 1 to 100: " + pageSize);
    }
    Objects.requireNonNull(pauseBetweenPages, "pauseBetweenPages");
    if (pauseBetweenPages.isNegative()) {
      throw new IllegalArgumentException("the pause between pages must not be negative");
    }
  }

  /** A new run, with nothing found yet. */
  public static CustomerMappingInput start(
      long merchantId, int pageSize, Duration pauseBetweenPages) {
    return new CustomerMappingInput(merchantId, pageSize, pauseBetweenPages, null);
  }

  CustomerMappingInput continuedWith(CustomerMappingProgress progress) {
    return new CustomerMappingInput(merchantId, pageSize, pauseBetweenPages, progress);
  }
}
