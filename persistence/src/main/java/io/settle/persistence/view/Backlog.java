package io.settle.persistence.view;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Rows waiting in some state: how many, and since when the oldest has waited. What the operators'
 * gauges and alerts read ("webhook events FAILED", "attempts UNKNOWN").
 *
 * @param oldestSince when the oldest row began to wait, or null when none waits
 */
public record Backlog(long count, Instant oldestSince) {

  public static final Backlog NONE = new Backlog(0, null);

  /** From a {@code COUNT(*)} and a {@code MIN(...)} of a UTC DATETIME column. */
  public static Backlog of(long count, LocalDateTime oldestUtc) {
    return count == 0 || oldestUtc == null
        ? NONE
        : new Backlog(count, oldestUtc.toInstant(ZoneOffset.UTC));
  }

  /** How long the oldest has waited at {@code now}; zero when none waits. */
  public Duration oldestAge(Instant now) {
    return oldestSince == null || oldestSince.isAfter(now)
        ? Duration.ZERO
        : Duration.between(oldestSince, now);
  }
}
