package io.settle.stripe.simulator.resources.charges;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.StripeList;

/** {@code /v1/charges}: read-only; charges are made by confirming PaymentIntents. */
public final class ChargeRoutes {

  private ChargeRoutes() {}

  public static void register(Router router) {
    router.get("/v1/charges", ChargeRoutes::list).get("/v1/charges/{id}", ChargeRoutes::retrieve);
  }

  private static Charge retrieve(ApiRequest request) {
    String id = request.pathParam("id");
    return request
        .account()
        .store(Charge.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing("charge", id, "id"));
  }

  private static StripeList<Charge> list(ApiRequest request) {
    Params params = request.params();
    String customer = params.string("customer").orElse(null);
    String paymentIntent = params.string("payment_intent").orElse(null);
    var charges =
        request
            .account()
            .store(Charge.class)
            .newestFirst()
            .filter(c -> customer == null || customer.equals(c.customer()))
            .filter(c -> paymentIntent == null || paymentIntent.equals(c.paymentIntent()))
            .toList();
    return StripeList.page(charges, Charge::id, params, "/v1/charges", "charge");
  }
}
