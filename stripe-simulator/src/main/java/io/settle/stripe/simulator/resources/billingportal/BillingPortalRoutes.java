package io.settle.stripe.simulator.resources.billingportal;

import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.state.Account;

/**
 * {@code /v1/billing_portal/sessions}: create only, as on Stripe (sessions cannot be read back).
 */
public final class BillingPortalRoutes {

  private BillingPortalRoutes() {}

  public static void register(Router router) {
    router.post("/v1/billing_portal/sessions", BillingPortalRoutes::create);
  }

  private static BillingPortalSession create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    String customer =
        Customers.require(account, params.requiredString("customer"), "customer").id();
    String id = StripeIds.billingPortalSession();
    BillingPortalSession session =
        new BillingPortalSession(
            id,
            params.string("configuration").orElseGet(() -> defaultConfiguration(account)),
            request.epochSecond(),
            customer,
            account.livemode(),
            params.string("locale").orElse(null),
            params.string("return_url").orElse(null),
            account.simulation().baseUrl() + "/_simulator/billing_portal/" + id);
    account.store(BillingPortalSession.class).insert(id, session);
    return session;
  }

  /**
   * Every account has a default portal configuration on Stripe, the same for all its sessions; the
   * simulator derives its id from the account's.
   */
  private static String defaultConfiguration(Account account) {
    return "bpc_1" + account.id().substring("acct_1".length()) + "Default0";
  }
}
