package io.settle.stripe.simulator.state;

import io.settle.stripe.simulator.ids.StripeIds;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every account seen so far, one per distinct secret key, created on first use. */
public final class Accounts {

  private final Map<String, Account> byKey = new ConcurrentHashMap<>();
  private final Simulation simulation;

  public Accounts(Simulation simulation) {
    this.simulation = simulation;
  }

  public Account forKey(String secretKey) {
    return byKey.computeIfAbsent(
        secretKey,
        key ->
            new Account(
                StripeIds.account(), isLive(key), simulation.clock().instant(), simulation));
  }

  private static boolean isLive(String key) {
    return key.startsWith("sk_live_") || key.startsWith("rk_live_");
  }

  public Collection<Account> all() {
    return byKey.values();
  }

  /** The account that holds an object of {@code type} with {@code id}, across all keys. */
  public <T> Optional<Account> holding(Class<T> type, String id) {
    return byKey.values().stream().filter(a -> a.store(type).contains(id)).findFirst();
  }

  public void clear() {
    byKey.clear();
  }
}
