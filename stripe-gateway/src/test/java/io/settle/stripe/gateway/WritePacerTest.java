package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pacer on a clock the test moves: permits and denials are counted, never timed. */
class WritePacerTest {

  /** A clock that only moves when told to; waiting on it moves it by the time waited. */
  static final class ManualTime implements TimeMeter, BlockingStrategy {
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong waited = new AtomicLong();
    final AtomicLong waits = new AtomicLong();

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    @Override
    public void park(long nanosToPark) {
      waits.incrementAndGet();
      waited.addAndGet(nanosToPark);
      nanos.addAndGet(nanosToPark);
    }

    void advance(Duration duration) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  private final ManualTime time = new ManualTime();

  @Test
  void noOneSecondWindowEverHoldsMoreThanTheRate() {
    WritePacer pacer = new WritePacer(25, Duration.ofSeconds(10), time, time);
    List<Long> grantedAt = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      pacer.awaitTurn(7);
      grantedAt.add(time.currentTimeNanos());
      if (i == 100) {
        time.advance(Duration.ofSeconds(5)); // an idle spell must not bank a burst
      }
    }

    long second = Duration.ofSeconds(1).toNanos();
    for (long start : grantedAt) {
      long inWindow = grantedAt.stream().filter(t -> t >= start && t < start + second).count();
      assertThat(inWindow).isLessThanOrEqualTo(25);
    }
  }

  @Test
  void aBurstRunsAtTheRateLessItsHeadroom() {
    WritePacer pacer = new WritePacer(25, Duration.ofSeconds(10), time, time);

    IntStream.range(0, 100).forEach(i -> pacer.awaitTurn(7));

    // The first write goes at once; the other 99 wait one interval each: 1 / (25 × 0.95) s.
    assertThat(pacer.interval()).isEqualTo(Duration.ofNanos(42_105_263));
    assertThat(time.waited.get()).isEqualTo(99 * pacer.interval().toNanos());
  }

  @Test
  void turnsComeBackAtThePace() {
    WritePacer pacer = new WritePacer(25, Duration.ZERO, time, time);
    assertThat(pacer.tryTurn(7)).isTrue();
    assertThat(pacer.tryTurn(7)).isFalse();

    time.advance(pacer.interval());

    assertThat(pacer.tryTurn(7)).isTrue();
    assertThat(pacer.tryTurn(7)).isFalse();
  }

  @Test
  void merchantsArePacedApart() {
    WritePacer pacer = new WritePacer(2, Duration.ZERO, time, time);

    assertThat(pacer.tryTurn(1)).isTrue();
    assertThat(pacer.tryTurn(1)).isFalse();
    assertThat(pacer.tryTurn(2)).isTrue();
  }

  @Test
  void eachWaitIsReportedAsGrantedOrTimedOut() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WritePacer pacer = new WritePacer(1, Duration.ofMillis(500), time, time).observedBy(meters);

    pacer.awaitTurn(7);
    pacer.awaitTurn(8);
    assertThatThrownBy(() -> pacer.awaitTurn(7)).isInstanceOf(GatewayException.class);

    assertThat(meters.get("settle.stripe.write.wait").tag("outcome", "granted").timer().count())
        .isEqualTo(2);
    assertThat(meters.get("settle.stripe.write.wait").tag("outcome", "timed_out").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aWriteWhoseTurnWouldComeTooLateFailsRetryableWithoutWaiting() {
    WritePacer pacer = new WritePacer(1, Duration.ofMillis(500), time, time);
    pacer.awaitTurn(7);

    assertThatThrownBy(() -> pacer.awaitTurn(7))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
              assertThat(e.code()).isEqualTo(WritePacer.PACING_CODE);
            });
    assertThat(time.waits.get()).isZero();
  }
}
