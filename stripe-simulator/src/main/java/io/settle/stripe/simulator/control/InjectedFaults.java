package io.settle.stripe.simulator.control;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import io.settle.stripe.simulator.http.Faults;
import io.settle.stripe.simulator.http.PathTemplate;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults armed by tests. An armed fault applies to the next {@code times} matching requests; faults
 * are tried in the order they were armed and the first that matches is used. A throttle instead
 * answers 429 to a fixed fraction of matching requests until cleared, spread evenly (error
 * diffusion, not chance) so a test knows exactly which requests are refused.
 */
public final class InjectedFaults implements Faults {

  private final ConcurrentLinkedQueue<Armed> armed = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throttle> throttles = new ConcurrentLinkedQueue<>();

  public void failNext(String method, String pathPattern, SimulatedError error) {
    arm(method, pathPattern, Fault.failBefore(error.toApiError()), 1);
  }

  public void arm(String method, String pathPattern, Fault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("A fault must be armed for at least one request");
    }
    armed.add(new Armed(method, PathTemplate.parse(pathPattern), fault, new AtomicInteger(times)));
  }

  public void throttle(String method, String pathPattern, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "A throttle's fraction must be in (0, 1], not " + fraction);
    }
    throttles.add(new Throttle(method, PathTemplate.parse(pathPattern), fraction));
  }

  @Override
  public Optional<Fault> next(String method, String path) {
    for (Armed candidate : armed) {
      if (candidate.matches(method, path) && candidate.take()) {
        if (candidate.remaining().get() == 0) {
          armed.remove(candidate);
        }
        return Optional.of(candidate.fault());
      }
    }
    for (Throttle throttle : throttles) {
      if (throttle.matches(method, path) && throttle.refuses()) {
        return Optional.of(Fault.failBefore(ApiError.rateLimit()));
      }
    }
    return Optional.empty();
  }

  public void clear() {
    armed.clear();
    throttles.clear();
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

  private static final class Throttle {
    private final String method;
    private final PathTemplate path;
    private final double fraction;
    private double owed;

    Throttle(String method, PathTemplate path, double fraction) {
      this.method = method;
      this.path = path;
      this.fraction = fraction;
    }

    boolean matches(String requestMethod, String requestPath) {
      return method.equalsIgnoreCase(requestMethod) && path.matches(requestPath);
    }

    /** With fraction 0.5 every second request is refused, starting with the second. */
    synchronized boolean refuses() {
      owed += fraction;
      if (owed >= 1 - 1e-9) {
        owed -= 1;
        return true;
      }
      return false;
    }
  }
}
