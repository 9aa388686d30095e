package io.settle.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Collection;

/**
 * The one retry policy Settle's workflows give their activities: retry from 1 s, backing off to at
 * most a minute, without limit (every activity is idempotent under its key), except for the failure
 * types no retry can fix.
 */
public final class ActivityRetries {

  /**
   * How long a local activity is retried before its workflow sees the failure (and records it as
   * the run's problem): long enough for any database restart or failover.
   */
  public static final Duration LOCAL_RETRY_LIMIT = Duration.ofDays(1);

  private ActivityRetries() {}

  /**
   * @param startToClose how long one try may take
   * @param doNotRetry failure types that end the activity at once
   */
  public static ActivityOptions options(Duration startToClose, Collection<String> doNotRetry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(retries(doNotRetry))
        .build();
  }

  /**
   * The same policy for a local activity: a short database write run inside the workflow task, so
   * its result is one marker in the history instead of three events and another workflow task. Its
   * retries past the first minute wait on timers, as an activity's would, for up to {@link
   * #LOCAL_RETRY_LIMIT}. Without a schedule-to-close timeout the SDK does not retry a local
   * activity at all: a database restart then failed every write in flight at once (found by {@code
   * bin/chaos}).
   */
  public static LocalActivityOptions local(Duration startToClose, Collection<String> doNotRetry) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setScheduleToCloseTimeout(LOCAL_RETRY_LIMIT)
        .setRetryOptions(retries(doNotRetry))
        .build();
  }

  private static RetryOptions retries(Collection<String> doNotRetry) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setMaximumInterval(Duration.ofMinutes(1))
        .setDoNotRetry(doNotRetry.toArray(String[]::new))
        .build();
  }
}
