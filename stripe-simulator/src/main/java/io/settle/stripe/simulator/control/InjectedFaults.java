package io.settle.stripe.simulator.control;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import io.settle.stripe.simulator.http.Faults;
import io.settle.stripe.simulator.http.PathTemplate;
import io.settle.stripe.simulator.state.EvenSpread;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults armed by tests. An armed fault applies to the next {@code times} matching requests; faults
 * are tried in the order they were armed and the first that matches is used.
 *
 * <p>A fault armed {@linkplain #sometimes sometimes} (a throttle is one: a 429 {@code rate_limit})
 * applies instead to a fixed fraction of matching requests until cleared, spread evenly by {@link
 * EvenSpread} (error diffusion, not chance) so a test knows exactly which requests fail and a chaos
 * run gets exactly the share it asked for. Each counts every matching request, in order of arrival;
 * a request takes the first fault due on it (counted faults before fractional ones, fractional ones
 * in the order armed), and another fault due on the same request waits for the next one. So two
 * fractions on one route never hit the same request, and each keeps its share while they add up to
 * at most 1. A throttle may lapse on its own after a while of real time (not the simulator's clock,
 * which tests advance by days): a burst of 429s.
 */
public final class InjectedFaults implements Faults {

  private final InstantSource realTime;
  private final ConcurrentLinkedQueue<Armed> armed = new ConcurrentLinkedQueue<>();
  // Guarded by this: a request is counted against all of them at once, so the order of requests
  // is one order for every fraction.
  private final List<Sometimes> sometimes = new ArrayList<>();

  public InjectedFaults() {
    this(InstantSource.system());
  }

  /** {@code realTime} says when a timed throttle lapses; a test passes one it moves itself. */
  public InjectedFaults(InstantSource realTime) {
    this.realTime = realTime;
  }

  public void failNext(String method, String pathPattern, SimulatedError error) {
    arm(method, pathPattern, Fault.failBefore(error.toApiError()), 1);
  }

  public void arm(String method, String pathPattern, Fault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("A fault must be armed for at least one request");
    }
    armed.add(new Armed(method, PathTemplate.parse(pathPattern), fault, new AtomicInteger(times)));
  }

  /** {@code fault} for {@code fraction} (in (0, 1]) of the matching requests, until cleared. */
  public void sometimes(String method, String pathPattern, Fault fault, double fraction) {
    sometimes(method, pathPattern, fault, fraction, null);
  }

  public void throttle(String method, String pathPattern, double fraction) {
    throttle(method, pathPattern, fraction, null);
  }

  /** A throttle that lapses {@code lapseAfter} from now in real time; null: until cleared. */
  public void throttle(String method, String pathPattern, double fraction, Duration lapseAfter) {
    if (lapseAfter != null && !lapseAfter.isPositive()) {
      throw new IllegalArgumentException("A throttle must last a while, not " + lapseAfter);
    }
    sometimes(
        method,
        pathPattern,
        Fault.failBefore(ApiError.rateLimit()),
        fraction,
        lapseAfter == null ? null : realTime.instant().plus(lapseAfter));
  }

  private synchronized void sometimes(
      String method, String pathPattern, Fault fault, double fraction, Instant until) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("A fault's fraction must be in (0, 1], not " + fraction);
    }
    sometimes.add(
        new Sometimes(
            method, PathTemplate.parse(pathPattern), fault, new EvenSpread(fraction), until));
  }

  @Override
  public Optional<Fault> next(String method, String path) {
    Fault taken = null;
    for (Armed candidate : armed) {
      if (candidate.matches(method, path) && candidate.take()) {
        if (candidate.remaining().get() == 0) {
          armed.remove(candidate);
        }
        taken = candidate.fault();
        break;
      }
    }
    return Optional.ofNullable(sometimes(method, path, taken));
  }

  /** Counts the request against every fractional fault on its route; the first due takes it. */
  private synchronized Fault sometimes(String method, String path, Fault taken) {
    if (sometimes.isEmpty()) {
      return taken;
    }
    Instant now = realTime.instant();
    sometimes.removeIf(each -> each.lapsedAt(now));
    Fault fault = taken;
    for (Sometimes each : sometimes) {
      if (each.matches(method, path) && each.spread().pick(fault == null)) {
        fault = each.fault();
      }
    }
    return fault;
  }

  public synchronized void clear() {
    armed.clear();
    sometimes.clear();
  }

  private record Armed(String method, PathTemplate path, Fault fault, AtomicInteger remaining) {

    boolean matches(String requestMethod, String requestPath) {
      return method.equalsIgnoreCase(requestMethod) && path.matches(requestPath);
    }

    /** Uses up one of the remaining requests; false if another thread took the last one. */
    boolean take() {
      return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
  }

  /** With fraction 0.5 every second matching request gets the fault, starting with the second. */
  private record Sometimes(
      String method, PathTemplate path, Fault fault, EvenSpread spread, Instant until) {

    boolean matches(String requestMethod, String requestPath) {
      return method.equalsIgnoreCase(requestMethod) && path.matches(requestPath);
    }

    boolean lapsedAt(Instant now) {
      return until != null && !now.isBefore(until);
    }
  }
}
