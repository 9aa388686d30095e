package io.settle.stripe.simulator.resources.account;

import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.state.Account;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/account} and {@code GET /v1/balance}: what a merchant's key can read about its own
 * account, which is how Settle verifies a key before storing it.
 */
public final class AccountRoutes {

  private AccountRoutes() {}

  public static void register(Router router) {
    router.get("/v1/account", AccountRoutes::account).get("/v1/balance", AccountRoutes::balance);
  }

  private static AccountObject account(ApiRequest request) {
    Account account = request.account();
    return new AccountObject(
        account.id(),
        Map.of("card_payments", "active", "transfers", "active"),
        true,
        "US",
        account.created().getEpochSecond(),
        "usd",
        true,
        null,
        Map.of(),
        true,
        "standard");
  }

  /**
   * New card payments sit in {@code pending} until Stripe pays them out; the simulator never does,
   * so {@code available} stays zero. Amounts are gross: fees are not simulated.
   */
  private static Balance balance(ApiRequest request) {
    Account account = request.account();
    Map<String, Long> pendingByCurrency =
        account
            .store(Charge.class)
            .newestFirst()
            .filter(Charge::succeeded)
            .collect(
                Collectors.groupingBy(
                    Charge::currency, TreeMap::new, Collectors.summingLong(Charge::amount)));
    if (pendingByCurrency.isEmpty()) {
      pendingByCurrency.put("usd", 0L);
    }
    List<Balance.Funds> pending =
        pendingByCurrency.entrySet().stream()
            .map(e -> new Balance.Funds(e.getValue(), e.getKey(), Map.of("card", e.getValue())))
            .toList();
    List<Balance.Funds> available =
        pendingByCurrency.keySet().stream()
            .map(currency -> new Balance.Funds(0, currency, Map.of("card", 0L)))
            .toList();
    return new Balance(available, account.livemode(), pending);
  }
}
