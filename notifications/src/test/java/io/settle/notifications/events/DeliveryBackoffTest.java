package io.settle.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

  private final DeliveryBackoff defaults =
      new DeliveryBackoff(Duration.ofMinutes(1), Duration.ofHours(12), Duration.ofDays(3));

  @Test
  void eachWaitDoublesFromTheFirstUpToTheLongest() {
    assertThat(defaults.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(defaults.delayAfter(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(defaults.delayAfter(10)).isEqualTo(Duration.ofMinutes(512));
    assertThat(defaults.delayAfter(11)).isEqualTo(Duration.ofHours(12));
    assertThat(defaults.delayAfter(1000)).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void retriesSpreadOverThreeDaysThenStop() {
    Instant event = Instant.parse("2026-12-01T00:00:00Z");
    Instant now = event;
    List<Instant> attempts = new ArrayList<>(List.of(now));
    for (int failed = 1; ; failed++) {
      Optional<Instant> next = defaults.nextAttempt(failed, event, now);
      if (next.isEmpty()) {
        break;
      }
      now = next.get();
      attempts.add(now);
    }
    Instant last = attempts.getLast();
    assertThat(Duration.between(event, last)).isLessThanOrEqualTo(Duration.ofDays(3));
    assertThat(Duration.between(event, last)).isGreaterThan(Duration.ofDays(2).plusHours(12));
    assertThat(attempts).hasSizeBetween(12, 20);
  }

  @Test
  void shortDelaysForTestsFollowTheSameRule() {
    var fast =
        new DeliveryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1));
    assertThat(fast.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(fast.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(fast.delayAfter(8)).isEqualTo(Duration.ofSeconds(1));
  }
}
