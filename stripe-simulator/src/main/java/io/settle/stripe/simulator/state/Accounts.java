package io.settle.stripe.simulator.state;

import io.settle.stripe.simulator.ids.StripeIds;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every account seen so far, one per distinct secret key, created on first use. */
public final class Accounts {

  private final Map<String, Account> byKey = new ConcurrentHashMap<>();
  private final java.util.Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final Simulation simulation;

  public Accounts(Simulation simulation) {
    this.simulation = simulation;
  }

  public Account forKey(String secretKey) {
    if (revoked.contains(secretKey)) {
      // What Stripe answers once a key is rolled or deleted in the dashboard.
      throw io.settle.stripe.simulator.http.ApiError.authentication(
          "Invalid API Key provided: "
              + secretKey.substring(0, 8)
              + "****"
              + secretKey.substring(secretKey.length() - 4));
    }
    return byKey.computeIfAbsent(
        secretKey,
        key ->
            new Account(
                StripeIds.account(), isLive(key), simulation.clock().instant(), simulation));
  }

  private static boolean isLive(String key) {
    return key.startsWith("sk_live_") || key.startsWith("rk_live_");
  }

  /** Each account once, though a rolled key and its successor both open it. */
  public Collection<Account> all() {
    return byKey.values().stream().distinct().toList();
  }

  /** The account that holds an object of {@code type} with {@code id}, across all keys. */
  public <T> Optional<Account> holding(Class<T> type, String id) {
    return byKey.values().stream().filter(a -> a.store(type).contains(id)).findFirst();
  }

  /** The key stops working, as when a merchant rolls it in the dashboard; its account stays. */
  public void revoke(String secretKey) {
    revoked.add(secretKey);
  }

  /**
   * Rolls a key, as the dashboard does: {@code newKey} opens the same account, and {@code oldKey}
   * is refused from now on.
   */
  public void roll(String oldKey, String newKey) {
    revoked.remove(oldKey); // a key revoked first is still rolled to the same account
    byKey.put(newKey, forKey(oldKey));
    revoked.add(oldKey);
  }

  /** Each key with the account it opens; a rolled key and its successor share one account. */
  public Map<String, Account> byKey() {
    return Map.copyOf(byKey);
  }

  public Set<String> revokedKeys() {
    return Set.copyOf(revoked);
  }

  /**
   * Brings back an account read from a state file, opened by {@code keys}; its objects are put back
   * into its stores by the caller.
   */
  public Account restore(String id, boolean livemode, Instant created, Collection<String> keys) {
    Account account = new Account(id, livemode, created, simulation);
    keys.forEach(key -> byKey.put(key, account));
    return account;
  }

  /** A key refused again after a restore, as it was before. */
  public void restoreRevoked(Collection<String> keys) {
    revoked.addAll(keys);
  }

  public void clear() {
    byKey.clear();
    revoked.clear();
  }
}
