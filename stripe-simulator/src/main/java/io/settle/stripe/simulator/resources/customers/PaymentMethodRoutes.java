package io.settle.stripe.simulator.resources.customers;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.state.Account;
import java.util.List;

/** {@code /v1/payment_methods}: retrieve, list by customer, attach and detach. */
public final class PaymentMethodRoutes {

  private PaymentMethodRoutes() {}

  public static void register(Router router) {
    router
        .get("/v1/payment_methods", PaymentMethodRoutes::list)
        .get("/v1/payment_methods/{id}", PaymentMethodRoutes::retrieve)
        .post("/v1/payment_methods/{id}/attach", PaymentMethodRoutes::attach)
        .post("/v1/payment_methods/{id}/detach", PaymentMethodRoutes::detach);
  }

  private static PaymentMethod retrieve(ApiRequest request) {
    return PaymentMethods.resolve(
        request.account(), request.pathParam("id"), "payment_method", request.now());
  }

  /**
   * Stripe lists a customer's payment methods here when {@code customer} is given; without it this
   * endpoint serves Treasury flows, which the simulator has none of, so the list is empty.
   */
  private static StripeList<PaymentMethod> list(ApiRequest request) {
    Account account = request.account();
    var customerId = request.params().string("customer");
    List<PaymentMethod> paymentMethods = List.of();
    if (customerId.isPresent()) {
      Customer customer = Customers.require(account, customerId.get(), "customer");
      paymentMethods =
          PaymentMethods.ofCustomer(
              account, customer.id(), request.params().string("type").orElse(null));
    }
    return StripeList.page(
        paymentMethods,
        PaymentMethod::id,
        request.params(),
        "/v1/payment_methods",
        PaymentMethods.NOUN);
  }

  private static PaymentMethod attach(ApiRequest request) {
    Account account = request.account();
    String customerId = request.params().requiredString("customer");
    Customer customer = Customers.require(account, customerId, "customer");
    PaymentMethod paymentMethod =
        PaymentMethods.resolve(account, request.pathParam("id"), "payment_method", request.now());
    return PaymentMethods.attach(account, paymentMethod, customer.id(), "payment_method");
  }

  private static PaymentMethod detach(ApiRequest request) {
    Account account = request.account();
    PaymentMethod paymentMethod =
        account
            .store(PaymentMethod.class)
            .find(request.pathParam("id"))
            .orElseThrow(
                () ->
                    ApiError.resourceMissing(
                        PaymentMethods.NOUN, request.pathParam("id"), "payment_method"));
    return PaymentMethods.detach(account, paymentMethod);
  }
}
