package io.settle.stripe.simulator.resources.testhelpers;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.cashbalance.CashBalanceTransaction;
import io.settle.stripe.simulator.resources.cashbalance.CashBalances;
import io.settle.stripe.simulator.resources.customers.Customer;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.resources.paymentintents.BankTransfers;

/**
 * {@code /v1/test_helpers}: Stripe's own calls that make happen in test mode what a customer or a
 * bank would do. So far {@code POST /v1/test_helpers/customers/{customer}/fund_cash_balance}, a
 * bank transfer arriving in the customer's cash balance.
 */
public final class TestHelperRoutes {

  private TestHelperRoutes() {}

  public static void register(Router router) {
    router.post(
        "/v1/test_helpers/customers/{customer}/fund_cash_balance",
        TestHelperRoutes::fundCashBalance);
  }

  /**
   * Answers the {@code funded} transaction; the money is applied as a real transfer's would be, to
   * the customer's PaymentIntents waiting for it.
   */
  private static CashBalanceTransaction fundCashBalance(ApiRequest request) {
    Params params = request.params();
    Customer customer =
        Customers.require(request.account(), request.pathParam("customer"), "customer");
    long amount = params.requiredInteger("amount");
    if (amount < 1) {
      throw ApiError.invalidRequest(
          "This value must be greater than or equal to 1.", "amount", "parameter_invalid_integer");
    }
    String currency = CashBalances.currency(params.requiredString("currency"), "currency");
    return BankTransfers.fundsArrived(
        request.account(),
        customer.id(),
        currency,
        amount,
        params.string("reference").orElse(null),
        customer.name(),
        request.epochSecond());
  }
}
