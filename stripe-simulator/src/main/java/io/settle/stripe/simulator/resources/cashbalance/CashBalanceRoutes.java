package io.settle.stripe.simulator.resources.cashbalance;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.resources.customers.Customer;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.state.Account;
import java.util.List;

/**
 * A customer's cash balance: {@code GET /v1/customers/{id}/cash_balance}, its transactions, and
 * {@code POST /v1/customers/{id}/funding_instructions} (US bank transfers only). Money comes in
 * through Stripe's test helper, {@code fund_cash_balance}.
 */
public final class CashBalanceRoutes {

  private static final String TRANSACTION_NOUN = "customer_cash_balance_transaction";
  private static final List<String> BANK_TRANSFER_TYPES =
      List.of(
          "eu_bank_transfer",
          "gb_bank_transfer",
          "jp_bank_transfer",
          "mx_bank_transfer",
          CashBalances.US_BANK_TRANSFER);

  private CashBalanceRoutes() {}

  public static void register(Router router) {
    router
        .get("/v1/customers/{customer}/cash_balance", CashBalanceRoutes::retrieve)
        .get("/v1/customers/{customer}/cash_balance_transactions", CashBalanceRoutes::list)
        .get(
            "/v1/customers/{customer}/cash_balance_transactions/{transaction}",
            CashBalanceRoutes::transaction)
        .post(
            "/v1/customers/{customer}/funding_instructions",
            CashBalanceRoutes::fundingInstructions);
  }

  private static CashBalance retrieve(ApiRequest request) {
    return CashBalances.of(request.account(), customer(request).id());
  }

  /** Newest first, paged with Stripe's cursors. */
  private static StripeList<CashBalanceTransaction> list(ApiRequest request) {
    Customer customer = customer(request);
    return StripeList.page(
        CashBalances.transactions(request.account(), customer.id()),
        CashBalanceTransaction::id,
        request.params(),
        "/v1/customers/" + customer.id() + "/cash_balance_transactions",
        TRANSACTION_NOUN);
  }

  private static CashBalanceTransaction transaction(ApiRequest request) {
    Customer customer = customer(request);
    String id = request.pathParam("transaction");
    return request
        .account()
        .store(CashBalanceTransaction.class)
        .find(id)
        .filter(transaction -> customer.id().equals(transaction.customer()))
        .orElseThrow(() -> ApiError.resourceMissing(TRANSACTION_NOUN, id, "transaction"));
  }

  /**
   * The customer's virtual US bank account: the same answer every time. Other transfer types and
   * currencies are refused, since the simulator keeps only US accounts.
   */
  private static FundingInstructions fundingInstructions(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    Customer customer = customer(request);
    String fundingType =
        params
            .oneOf("funding_type", List.of("bank_transfer"))
            .orElseThrow(() -> ApiError.parameterMissing("funding_type"));
    String currency = CashBalances.currency(params.requiredString("currency"), "currency");
    if (!params.has("bank_transfer")) {
      throw ApiError.parameterMissing("bank_transfer");
    }
    Params bankTransfer = params.nested("bank_transfer");
    String type =
        bankTransfer
            .oneOf("type", BANK_TRANSFER_TYPES)
            .orElseThrow(() -> ApiError.parameterMissing(bankTransfer.nameOf("type")));
    if (!type.equals(CashBalances.US_BANK_TRANSFER)) {
      // Deliberately refused rather than half-simulated: Settle takes US transfers only.
      throw ApiError.invalidRequest(
          "The Stripe simulator supports only bank_transfer[type]=us_bank_transfer.",
          bankTransfer.nameOf("type"));
    }
    if (!currency.equals("usd")) {
      throw CashBalances.unsupportedForUsBankTransfer(currency);
    }
    return new FundingInstructions(
        new FundingInstructions.BankTransfer(
            "US", CashBalances.usFinancialAddresses(account, customer.id()), type),
        currency,
        fundingType,
        account.livemode());
  }

  private static Customer customer(ApiRequest request) {
    return Customers.require(request.account(), request.pathParam("customer"), "customer");
  }
}
