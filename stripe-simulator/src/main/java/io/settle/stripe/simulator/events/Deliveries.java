package io.settle.stripe.simulator.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivery of one event to each endpoint subscribed when it happened: not yet delivered (still
 * being tried or given up on) or delivered. Mutable and thread-safe, unlike the event it belongs
 * to, because deliveries finish on background threads.
 */
public final class Deliveries {

  private final Map<String, Boolean> deliveredTo = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  Deliveries(List<String> endpointIds) {
    endpointIds.forEach(id -> deliveredTo.put(id, false));
  }

  /** Deliveries as a state file kept them: per endpoint, delivered or not, and attempts. */
  public static Deliveries restored(
      Map<String, Boolean> deliveredTo, Map<String, Integer> attempts) {
    Deliveries deliveries = new Deliveries(List.of());
    deliveries.deliveredTo.putAll(deliveredTo);
    deliveries.attempts.putAll(attempts);
    return deliveries;
  }

  /** For a state file: each subscribed endpoint, and whether the event has reached it. */
  public Map<String, Boolean> deliveredTo() {
    return Map.copyOf(deliveredTo);
  }

  /** For a state file: attempts per endpoint. */
  public Map<String, Integer> attempts() {
    return Map.copyOf(attempts);
  }

  public List<String> endpoints() {
    return List.copyOf(deliveredTo.keySet());
  }

  /** Endpoints the event has not reached yet: Stripe's {@code pending_webhooks}. */
  public int pending() {
    return (int) deliveredTo.values().stream().filter(delivered -> !delivered).count();
  }

  void attempted(String endpointId, boolean delivered) {
    attempts.merge(endpointId, 1, Integer::sum);
    if (delivered) {
      // Only endpoints subscribed when the event happened count; a re-send elsewhere does not.
      deliveredTo.replace(endpointId, true);
    }
  }

  /** Delivery attempts to {@code endpointId} so far, retries and re-sends included. */
  public int attempts(String endpointId) {
    return attempts.getOrDefault(endpointId, 0);
  }
}
