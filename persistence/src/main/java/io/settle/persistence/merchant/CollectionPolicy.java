package io.settle.persistence.merchant;

import java.util.List;
import java.util.Objects;

/**
 * The merchant's rules for collecting invoices, as stored (the workflow's {@code CollectionPolicy}
 * in durations).
 *
 * @param retryDelayDays the dunning schedule: whole days waited before each retry after a decline;
 *     its length is the number of retries
 * @param requiresActionExpiryHours how long a payment waits for the customer to authenticate
 * @param processingPollStartMinutes the first wait before asking Stripe about a processing payment
 * @param processingPollMaxMinutes the longest wait between such questions
 * @param processingFeeBasisPoints the fee on payments through Stripe, in hundredths of a percent
 */
public record CollectionPolicy(
    List<Integer> retryDelayDays,
    OnExhaustion onExhaustion,
    int requiresActionExpiryHours,
    int processingPollStartMinutes,
    int processingPollMaxMinutes,
    int processingFeeBasisPoints) {

  public CollectionPolicy {
    retryDelayDays = List.copyOf(retryDelayDays);
    if (retryDelayDays.stream().anyMatch(days -> days < 1)) {
      throw new IllegalArgumentException(
          "retry delays are whole days, 1 or more: " + retryDelayDays);
    }
    Objects.requireNonNull(onExhaustion, "onExhaustion");
    if (requiresActionExpiryHours < 1) {
      throw new IllegalArgumentException("requires-action expiry must be 1 hour or more");
    }
    if (processingPollStartMinutes < 1 || processingPollMaxMinutes < processingPollStartMinutes) {
      throw new IllegalArgumentException(
          "processing polls start after 1 minute or more and never shrink");
    }
    if (processingFeeBasisPoints < 0 || processingFeeBasisPoints > 10_000) {
      throw new IllegalArgumentException("processing fee must be 0 to 10000 basis points");
    }
  }

  /**
   * The defaults a new merchant gets; equal to the workflow's {@code CollectionPolicy.defaults()}.
   */
  public static CollectionPolicy defaults() {
    return new CollectionPolicy(List.of(1, 3, 5, 7), OnExhaustion.LEAVE_OPEN, 168, 360, 2880, 0);
  }

  /** What happens when dunning's last retry is declined too. */
  public enum OnExhaustion {
    LEAVE_OPEN,
    MARK_UNCOLLECTIBLE
  }
}
