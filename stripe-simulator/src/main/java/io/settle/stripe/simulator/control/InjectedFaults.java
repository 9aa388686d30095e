package io.settle.stripe.simulator.control;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Faults;
import io.settle.stripe.simulator.http.PathTemplate;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Errors armed by tests, each answering the next one matching request instead of executing it.
 * Armed in order; the first that matches is used up.
 */
public final class InjectedFaults implements Faults {

  private final ConcurrentLinkedQueue<Armed> armed = new ConcurrentLinkedQueue<>();

  public void failNext(String method, String pathPattern, SimulatedError error) {
    armed.add(new Armed(method, PathTemplate.parse(pathPattern), error));
  }

  @Override
  public Optional<ApiError> next(String method, String path) {
    for (Armed candidate : armed) {
      if (candidate.method().equalsIgnoreCase(method)
          && candidate.path().matches(path)
          && armed.remove(candidate)) {
        return Optional.of(candidate.error().toApiError());
      }
    }
    return Optional.empty();
  }

  public void clear() {
    armed.clear();
  }

  private record Armed(String method, PathTemplate path, SimulatedError error) {}
}
