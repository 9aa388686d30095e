package io.settle.workflows.invoice;

import java.time.Duration;

/**
 * When to ask Stripe about a payment whose webhook has not come: first after the policy's start,
 * then twice as long each time, never longer than its maximum.
 */
public final class ProcessingPolls {

  private ProcessingPolls() {}

  public static Duration first(CollectionPolicy policy) {
    return policy.processingPollStart();
  }

  public static Duration next(Duration current, CollectionPolicy policy) {
    Duration doubled = current.multipliedBy(2);
    return doubled.compareTo(policy.processingPollMax()) <= 0
        ? doubled
        : policy.processingPollMax();
  }
}
