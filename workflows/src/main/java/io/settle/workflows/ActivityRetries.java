package io.settle.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Collection;

/**
 * The one retry policy Settle's workflows give their activities: retry from 1 s, backing off to at
 * most a minute, without limit (every activity is idempotent under its key), except for the failure
 * types no retry can fix.
 */
public final class ActivityRetries {

  private ActivityRetries() {}

  /**
   * @param startToClose how long one try may take
   * @param doNotRetry failure types that end the activity at once
   */
  public static ActivityOptions options(Duration startToClose, Collection<String> doNotRetry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofMinutes(1))
                .setDoNotRetry(doNotRetry.toArray(String[]::new))
                .build())
        .build();
  }
}
