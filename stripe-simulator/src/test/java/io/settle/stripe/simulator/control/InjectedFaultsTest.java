package io.settle.stripe.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which fault a request gets, with real time in the test's hands. */
class InjectedFaultsTest {

  private Instant now = Instant.parse("2026-03-02T10:00:00Z");
  private final InjectedFaults faults = new InjectedFaults(() -> now);

  private Optional<Fault.Kind> balance() {
    return faults.next("GET", "/v1/balance").map(Fault::kind);
  }

  private boolean throttled() {
    return faults
        .next("GET", "/v1/balance")
        .filter(fault -> fault.error() != null && fault.error().status() == 429)
        .isPresent();
  }

  @Test
  void aTimedThrottleLapsesByItselfOnceItsRealTimeHasPassed() {
    faults.throttle("GET", "/v1/balance", 1, Duration.ofSeconds(30));

    assertThat(throttled()).isTrue();
    now = now.plusSeconds(29);
    assertThat(throttled()).isTrue();
    now = now.plusSeconds(1);
    assertThat(throttled()).isFalse();
    now = now.plusSeconds(3_600);
    assertThat(throttled()).isFalse();
  }

  @Test
  void aLapsedThrottleLeavesTheOtherFaultsArmed() {
    faults.sometimes("GET", "/v1/balance", Fault.failAfter(ApiError.internal()), 0.5);
    faults.throttle("GET", "/v1/balance", 1, Duration.ofSeconds(10));
    faults.throttle("GET", "/v1/balance", 1);

    assertThat(balance()).contains(Fault.Kind.FAIL_BEFORE);
    assertThat(balance()).contains(Fault.Kind.FAIL_AFTER);
    now = now.plusSeconds(10);

    assertThat(balance()).contains(Fault.Kind.FAIL_BEFORE);
    assertThat(balance()).contains(Fault.Kind.FAIL_AFTER);
    faults.clear();
    assertThat(balance()).isEmpty();
  }

  @Test
  void aThrottleWithoutADurationLastsUntilCleared() {
    faults.throttle("GET", "/v1/balance", 1);
    now = now.plus(Duration.ofDays(365));

    assertThat(throttled()).isTrue();
    faults.clear();
    assertThat(throttled()).isFalse();
  }

  @Test
  void aThrottleMustLastAWhileAndAFractionBeInZeroToOne() {
    assertThatThrownBy(() -> faults.throttle("GET", "/v1/balance", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.sometimes("GET", "/v1/balance", Fault.reset(true), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.throttle("GET", "/v1/balance", 1.01))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
