package io.settle.stripe.simulator.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests arrived per method and concrete path, and per route (method and path template),
 * for tests that count calls.
 */
public final class RequestLog {

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> routes = new ConcurrentHashMap<>();
  private final Map<AccountKey, LongAdder> byAccount = new ConcurrentHashMap<>();

  void record(String method, String path) {
    counts.computeIfAbsent(new Key(method, path), ignored -> new LongAdder()).increment();
  }

  /** Counts a request again under the account its key authenticated, before any rate limit. */
  void recordFor(String accountId, String method, String path) {
    byAccount
        .computeIfAbsent(new AccountKey(accountId, method, path), ignored -> new LongAdder())
        .increment();
  }

  void recordRoute(String method, String template) {
    routes.computeIfAbsent(method + " " + template, ignored -> new LongAdder()).increment();
  }

  /**
   * Requests per route that matched one, keyed like {@code "POST /v1/payment_intents/{intent}"}
   * with the simulator's own template names, sorted.
   */
  public Map<String, Long> byRoute() {
    Map<String, Long> snapshot = new TreeMap<>();
    routes.forEach((route, count) -> snapshot.put(route, count.sum()));
    return snapshot;
  }

  /**
   * Requests whose path matches {@code pathPattern}: a concrete path, or a template whose {@code
   * {name}} or {@code *} segments match any one segment.
   */
  public long count(String method, String pathPattern) {
    PathTemplate pattern = PathTemplate.parse(pathPattern);
    return counts.entrySet().stream()
        .filter(e -> e.getKey().method().equalsIgnoreCase(method))
        .filter(e -> pattern.matches(e.getKey().path()))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /**
   * Requests authenticated as {@code accountId} whose path matches {@code pathPattern}, as {@link
   * #count(String, String)} matches it: what one merchant sent, whatever other accounts send
   * meanwhile.
   */
  public long count(String accountId, String method, String pathPattern) {
    PathTemplate pattern = PathTemplate.parse(pathPattern);
    return byAccount.entrySet().stream()
        .filter(e -> e.getKey().account().equals(accountId))
        .filter(e -> e.getKey().method().equalsIgnoreCase(method))
        .filter(e -> pattern.matches(e.getKey().path()))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  public void clear() {
    counts.clear();
    routes.clear();
    byAccount.clear();
  }

  private record Key(String method, String path) {}

  private record AccountKey(String account, String method, String path) {}
}
