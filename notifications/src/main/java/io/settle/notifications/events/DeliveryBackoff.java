package io.settle.notifications.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code firstRetry} after the first failure, doubling after
 * each next one up to {@code maxRetryInterval}, and never after {@code giveUpAfter} from the event:
 * then the delivery is FAILED for good. With the defaults (1 min, 12 h, 3 days) that is attempts at
 * about 1, 3, 7, 15 min, … 17 h, then every 12 h until three days have passed, as Stripe's own
 * webhooks retry.
 */
public record DeliveryBackoff(
    Duration firstRetry, Duration maxRetryInterval, Duration giveUpAfter) {

  /**
   * @param failedAttempts attempts made so far, all failed (at least 1)
   * @param eventAt when the event was written
   * @param now when the last attempt failed
   * @return when to try again, or empty to give up
   */
  public Optional<Instant> nextAttempt(int failedAttempts, Instant eventAt, Instant now) {
    Instant next = now.plus(delayAfter(failedAttempts));
    return next.isAfter(eventAt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
  }

  /** The wait after {@code failedAttempts} failures: doubling from the first, capped. */
  public Duration delayAfter(int failedAttempts) {
    int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
    Duration delay = firstRetry;
    for (int i = 0; i < doublings && delay.compareTo(maxRetryInterval) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : delay;
  }
}
