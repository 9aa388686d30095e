package io.settle.stripe.simulator.state;

import io.settle.stripe.simulator.ids.StripeIds;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every account seen so far, one per distinct secret key, created on first use. */
public final class Accounts {

  private final Map<String, Account> byKey = new ConcurrentHashMap<>();
  private final Clock clock;

  public Accounts(Clock clock) {
    this.clock = clock;
  }

  public Account forKey(String secretKey) {
    return byKey.computeIfAbsent(
        secretKey, key -> new Account(StripeIds.account(), isLive(key), clock.instant()));
  }

  private static boolean isLive(String key) {
    return key.startsWith("sk_live_") || key.startsWith("rk_live_");
  }

  public Collection<Account> all() {
    return byKey.values();
  }

  public void clear() {
    byKey.clear();
  }
}
