package io.settle.stripe.simulator.http;

import java.time.Duration;

/**
 * What an armed fault does to one request. {@code error} is the answer for the failing kinds;
 * {@code delay} is how long a {@link Kind#TIMEOUT_AFTER} response is held (null: never sent).
 */
public record Fault(Kind kind, ApiError error, Duration delay) {

  public enum Kind {
    /** Answer {@code error} instead of executing: nothing happens. */
    FAIL_BEFORE,
    /** Execute, then answer {@code error} (a 500) instead of the result: the effect stands. */
    FAIL_AFTER,
    /** Execute, then hold the response for {@code delay} (or forever) so the client times out. */
    TIMEOUT_AFTER,
    /** Close the connection without any response, before executing. */
    RESET_BEFORE,
    /** Execute, then close the connection without any response. */
    RESET_AFTER
  }

  public static Fault failBefore(ApiError error) {
    return new Fault(Kind.FAIL_BEFORE, error, null);
  }

  public static Fault failAfter(ApiError error) {
    return new Fault(Kind.FAIL_AFTER, error, null);
  }

  public static Fault timeoutAfter(Duration delay) {
    return new Fault(Kind.TIMEOUT_AFTER, null, delay);
  }

  public static Fault reset(boolean afterEffect) {
    return new Fault(afterEffect ? Kind.RESET_AFTER : Kind.RESET_BEFORE, null, null);
  }
}
