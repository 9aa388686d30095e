package io.settle.stripe.simulator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Stripe's idempotent requests, per account and key. The first request with a key runs; its
 * response is kept and replayed for every retry that sends the same endpoint and parameters, with
 * {@code Idempotent-Replayed: true}. Reusing a key for different parameters is a 400
 * idempotency_error, and a retry that arrives while the first is still running gets Stripe's 409.
 *
 * <p>Like Stripe, only results of requests that began executing are kept: successes, card declines
 * and 5xx (so a retry after a 500 sees the same 500 and must resolve, not re-key). Validation
 * errors, 404s and 429s are not kept, so a corrected or later retry runs afresh.
 */
final class IdempotencyKeys {

  private final Map<Scope, Entry> entries = new ConcurrentHashMap<>();

  WireResponse run(
      String accountId,
      String key,
      String requestId,
      String method,
      String path,
      Map<String, Object> params,
      Supplier<WireResponse> execution) {
    Scope scope = new Scope(accountId, key);
    Request request = new Request(method, path, params);
    InFlight mine = new InFlight(request);
    Entry existing = entries.putIfAbsent(scope, mine);
    if (existing != null) {
      return replayOrRefuse(existing, request, key);
    }
    WireResponse response;
    try {
      response = execution.get();
    } catch (RuntimeException e) {
      entries.remove(scope, mine);
      throw e;
    }
    response = response.withHeader("Idempotency-Key", key);
    if (isKept(response.status())) {
      // Stripe names the request that produced a kept result; replays point back to it.
      response = response.withHeader("Original-Request", requestId);
      entries.replace(scope, mine, new Completed(request, response));
    } else {
      entries.remove(scope, mine);
    }
    return response;
  }

  void clear() {
    entries.clear();
  }

  /** The finished results kept under their keys, for a state file; requests in flight are not. */
  List<KeptResponse> kept() {
    List<KeptResponse> kept = new ArrayList<>();
    entries.forEach(
        (scope, entry) -> {
          if (entry instanceof Completed(Request request, WireResponse response)) {
            kept.add(
                new KeptResponse(
                    scope.accountId(),
                    scope.key(),
                    request.method(),
                    request.path(),
                    request.params(),
                    response.status(),
                    response.body(),
                    response.headers()));
          }
        });
    return kept;
  }

  void restore(List<KeptResponse> kept) {
    for (KeptResponse k : kept) {
      entries.put(
          new Scope(k.accountId(), k.key()),
          new Completed(
              new Request(k.method(), k.path(), k.params()),
              new WireResponse(k.status(), k.body(), k.headers())));
    }
  }

  private static WireResponse replayOrRefuse(Entry existing, Request request, String key) {
    Request first = existing.request();
    if (!first.method().equals(request.method()) || !first.path().equals(request.path())) {
      throw ApiError.idempotencyMismatch(
          "Keys for idempotent requests can only be used for the same endpoint they were first"
              + " used for ('"
              + first.method()
              + " "
              + first.path()
              + "' vs '"
              + request.method()
              + " "
              + request.path()
              + "'). Try using a key other than '"
              + key
              + "' if you meant to execute a different request.");
    }
    if (!first.params().equals(request.params())) {
      throw ApiError.idempotencyMismatch(
          "Keys for idempotent requests can only be used with the same parameters they were"
              + " first used with. Try using a key other than '"
              + key
              + "' if you meant to execute a different request.");
    }
    return switch (existing) {
      case InFlight ignored -> throw ApiError.idempotencyKeyInUse(key);
      case Completed completed -> completed.response().withHeader("Idempotent-Replayed", "true");
    };
  }

  private static boolean isKept(int status) {
    return status < 400 || status == 402 || status >= 500;
  }

  private record Scope(String accountId, String key) {}

  private record Request(String method, String path, Map<String, Object> params) {}

  private sealed interface Entry permits InFlight, Completed {
    Request request();
  }

  // Identity matters: a finished request replaces only its own InFlight marker.
  private static final class InFlight implements Entry {
    private final Request request;

    InFlight(Request request) {
      this.request = request;
    }

    @Override
    public Request request() {
      return request;
    }
  }

  private record Completed(Request request, WireResponse response) implements Entry {}
}
