package io.settle.stripe.simulator.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's time: a base clock (the system clock, or a fixed one in tests) plus an offset
 * that only ever grows. Advancing it is how a test makes four days of ACH settlement or an hour of
 * webhook retries pass at once; nothing in the simulator reads any other clock for Stripe time.
 */
public final class SimulatorClock extends Clock {

  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public SimulatorClock(Clock base) {
    this.base = base;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("The simulator's clock is always UTC");
  }

  /** Moves time forward by {@code duration}; negative durations are refused. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("The clock only moves forward, not by " + duration);
    }
    offset.accumulateAndGet(duration, Duration::plus);
  }

  /** How far the clock has been advanced beyond its base. */
  public Duration offset() {
    return offset.get();
  }
}
