package io.settle.workflows.invoice;

import java.time.Duration;
import java.util.List;

/**
 * The merchant's rules for collecting one invoice, fixed when its workflow starts (and carried
 * across continue-as-new), so a settings change never rewrites a run's history.
 *
 * @param retryDelays the dunning schedule: the wait before each retry after a decline, counted from
 *     the decline; its length is the number of retries
 * @param onExhaustion what happens when the last retry is declined too
 * @param requiresActionExpiry how long a payment waits for the customer to authenticate before it
 *     is given up (never retried automatically meanwhile)
 * @param processingPollStart the first wait before asking Stripe about a processing payment whose
 *     webhook has not come; each later poll waits twice as long, up to {@code processingPollMax}
 * @param processingFeeBasisPoints the merchant's fee on payments through Stripe, in hundredths of a
 *     percent (250 = 2.5%), added once per invoice as its own line
 */
public record CollectionPolicy(
    List<Duration> retryDelays,
    ExhaustionPolicy onExhaustion,
    Duration requiresActionExpiry,
    Duration processingPollStart,
    Duration processingPollMax,
    int processingFeeBasisPoints) {

  /** Settle's defaults: four retries at +1, +3, +5 and +7 days, then leave the invoice open. */
  public static CollectionPolicy defaults() {
    return new CollectionPolicy(
        List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5), Duration.ofDays(7)),
        ExhaustionPolicy.LEAVE_OPEN,
        Duration.ofDays(7),
        Duration.ofHours(6),
        Duration.ofDays(2),
        0);
  }

  /**
   * The policy from the merchant's stored settings (whole days, hours and minutes): one conversion
   * for every place that starts an invoice's workflow.
   */
  public static CollectionPolicy ofStored(
      List<Integer> retryDelayDays,
      String onExhaustion,
      int requiresActionExpiryHours,
      int processingPollStartMinutes,
      int processingPollMaxMinutes,
      int processingFeeBasisPoints) {
    return new CollectionPolicy(
        retryDelayDays.stream().map(Duration::ofDays).toList(),
        ExhaustionPolicy.valueOf(onExhaustion),
        Duration.ofHours(requiresActionExpiryHours),
        Duration.ofMinutes(processingPollStartMinutes),
        Duration.ofMinutes(processingPollMaxMinutes),
        processingFeeBasisPoints);
  }

  /** What dunning does when its last retry is declined. */
  public enum ExhaustionPolicy {
    /** The invoice stays open for a person to collect; nothing more is tried automatically. */
    LEAVE_OPEN,
    /** The invoice is written off as uncollectible, a terminal state. */
    MARK_UNCOLLECTIBLE
  }
}
