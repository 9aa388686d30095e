package io.settle.stripe.gateway;

import com.stripe.exception.StripeException;
import com.stripe.model.CustomerCashBalanceTransaction;
import com.stripe.param.CustomerFundCashBalanceParams;
import io.settle.stripe.gateway.checkout.PaymentLinkRequest;
import io.settle.stripe.gateway.customers.CustomerChanges;
import io.settle.stripe.gateway.customers.CustomerQuery;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.setup.MicrodepositProof;
import io.settle.stripe.gateway.setup.SetupRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every request the gateway can make, once each, in one list that both contract runs use: against
 * stripe-mock (does Stripe's API accept it?) and against the simulator (does it answer with the
 * same fields?). Each names the top-level response fields that matter to Settle; the runs compare
 * which of them are filled. Stripe's test helpers that Settle's tests drive the simulator with are
 * here too, sent with stripe-java directly: the simulator must take them as Stripe does.
 */
final class GatewayCalls {

  static final long MERCHANT = 11;

  /** Ids of objects a request works on: made up for stripe-mock, real at the simulator. */
  interface Fixtures {
    String secretKey();

    String customerId();

    String paymentMethodId();

    String paymentIntentId();

    String setupIntentId();

    /** An open Checkout Session. */
    String checkoutSessionId();
  }

  @FunctionalInterface
  interface Call {
    Object run(Gateways gateways, Fixtures fixtures) throws Exception;
  }

  /**
   * @param object the {@code object} Stripe answers the (last) request with
   * @param fields top-level fields Settle reads; the two runs must fill the same ones
   */
  record GatewayCall(String name, String object, List<String> fields, Call call) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<String> INTENT =
      List.of("id", "object", "status", "amount", "currency", "customer", "metadata");
  private static final List<String> LIST = List.of("object", "data", "has_more", "url");

  static final List<GatewayCall> ALL =
      List.of(
          new GatewayCall(
              "verify secret key",
              "account",
              List.of("id", "object"),
              (g, f) -> g.payments().verifySecretKey(f.secretKey(), null)),
          new GatewayCall(
              "charge off-session",
              "payment_intent",
              INTENT,
              (g, f) -> g.payments().charge(charge(f, "contract-charge-1"))),
          new GatewayCall(
              "charge off-session for a customer's payment of several invoices",
              "payment_intent",
              INTENT,
              (g, f) ->
                  g.payments()
                      .charge(
                          new OffSessionCharge(
                              "contract-charge-batch-1",
                              MERCHANT,
                              20_000,
                              "USD",
                              f.customerId(),
                              "pm_card_visa",
                              "INV-4242, INV-4343",
                              new OffSessionCharge.CustomerPayment(
                                  "portal-contract-1", List.of(4242L, 4343L))))),
          new GatewayCall(
              "resolve a charge by the id on record",
              "payment_intent",
              INTENT,
              (g, f) ->
                  g.payments()
                      .resolve(
                          Charges.lookup(charge(f, "contract-charge-1"), f.paymentIntentId()))),
          new GatewayCall(
              "resolve a charge by metadata search and customer list",
              "list",
              List.of("object", "data", "has_more"),
              (g, f) ->
                  g.payments().resolve(Charges.lookup(charge(f, "contract-charge-never-made")))),
          new GatewayCall(
              "retrieve payment intent",
              "payment_intent",
              INTENT,
              (g, f) -> g.payments().retrieve(MERCHANT, f.paymentIntentId())),
          new GatewayCall(
              "list payment intents by creation window (reconciliation)",
              "list",
              LIST,
              (g, f) -> {
                f.paymentIntentId();
                return g.payments()
                    .listIntents(
                        MERCHANT,
                        Instant.now().minus(Duration.ofDays(3)),
                        Instant.now().plus(Duration.ofMinutes(1)),
                        null,
                        100);
              }),
          new GatewayCall(
              "create on-session payment intent (card and ACH)",
              "payment_intent",
              List.of(
                  "id",
                  "object",
                  "status",
                  "amount",
                  "currency",
                  "customer",
                  "metadata",
                  "client_secret",
                  "payment_method_types"),
              (g, f) ->
                  g.payments()
                      .createOnSession(
                          new OnSessionPaymentRequest(
                              "contract-on-session-1",
                              MERCHANT,
                              List.of(4242L, 4343L),
                              20_000,
                              "usd",
                              f.customerId(),
                              EnumSet.allOf(PaymentMethodType.class),
                              true,
                              "INV-4242, INV-4343",
                              null))),
          new GatewayCall(
              "cancel payment intent",
              "payment_intent",
              INTENT,
              (g, f) -> {
                var payment =
                    g.payments()
                        .createOnSession(
                            new OnSessionPaymentRequest(
                                "contract-to-cancel-1",
                                MERCHANT,
                                List.of(4444L),
                                1_000,
                                "usd",
                                f.customerId(),
                                Set.of(PaymentMethodType.CARD),
                                false,
                                "INV-4444",
                                null));
                return g.payments()
                    .cancel(MERCHANT, "contract-cancel-1", payment.paymentIntentId());
              }),
          new GatewayCall(
              "create customer",
              "customer",
              List.of("id", "object", "name", "email", "metadata", "invoice_settings"),
              (g, f) ->
                  g.customers()
                      .create(
                          "contract-customer-1",
                          new NewCustomer(MERCHANT, 77, "Contract Co", "ap@contract.test"))),
          new GatewayCall(
              "retrieve customer",
              "customer",
              List.of("id", "object", "name", "metadata", "invoice_settings"),
              (g, f) -> g.customers().retrieve(MERCHANT, f.customerId())),
          new GatewayCall(
              "update customer",
              "customer",
              List.of("id", "object", "name", "email", "metadata", "invoice_settings"),
              (g, f) ->
                  g.customers()
                      .update(
                          MERCHANT,
                          "contract-customer-update-1",
                          f.customerId(),
                          new CustomerChanges("Renamed Co", "billing@contract.test", null))),
          new GatewayCall(
              "search customers",
              "search_result",
              List.of("object", "data", "has_more", "url"),
              (g, f) -> g.customers().search(MERCHANT, CustomerQuery.byName("Contract Co"))),
          new GatewayCall(
              "list a customer's payment methods",
              "list",
              LIST,
              (g, f) ->
                  g.paymentMethods()
                      .listForCustomer(
                          MERCHANT, f.customerId(), EnumSet.allOf(PaymentMethodType.class))),
          new GatewayCall(
              "attach payment method",
              "payment_method",
              List.of("id", "object", "type", "customer", "card"),
              (g, f) ->
                  g.paymentMethods()
                      .attach(MERCHANT, "contract-attach-1", "pm_card_visa", f.customerId())),
          new GatewayCall(
              "retrieve payment method (the type of one not mirrored)",
              "payment_method",
              List.of("id", "object", "type"),
              (g, f) -> g.paymentMethods().typeOf(MERCHANT, f.paymentMethodId())),
          new GatewayCall(
              "set default payment method",
              "customer",
              List.of("id", "object", "invoice_settings"),
              (g, f) -> {
                g.paymentMethods()
                    .setDefault(
                        MERCHANT, "contract-default-1", f.customerId(), f.paymentMethodId());
                return null;
              }),
          new GatewayCall(
              "detach payment method",
              "payment_method",
              List.of("id", "object", "type", "card"),
              (g, f) ->
                  g.paymentMethods().detach(MERCHANT, "contract-detach-1", f.paymentMethodId())),
          new GatewayCall(
              "create setup intent (card and ACH by micro-deposits)",
              "setup_intent",
              List.of(
                  "id",
                  "object",
                  "status",
                  "customer",
                  "client_secret",
                  "usage",
                  "payment_method_types"),
              (g, f) ->
                  g.setupIntents()
                      .createForSession(
                          new SetupRequest(
                              "contract-setup-1",
                              MERCHANT,
                              f.customerId(),
                              EnumSet.allOf(PaymentMethodType.class),
                              "usd"))),
          new GatewayCall(
              "retrieve setup intent",
              "setup_intent",
              List.of("id", "object", "status", "customer", "usage"),
              (g, f) -> g.setupIntents().find(MERCHANT, f.setupIntentId())),
          new GatewayCall(
              "verify micro-deposits by amounts",
              "setup_intent",
              List.of("id", "object", "status"),
              (g, f) ->
                  g.setupIntents()
                      .verifyMicrodeposits(
                          MERCHANT,
                          "contract-verify-amounts-1",
                          f.setupIntentId(),
                          new MicrodepositProof.Amounts(32, 45))),
          new GatewayCall(
              "verify micro-deposits by descriptor code",
              "setup_intent",
              List.of("id", "object", "status"),
              (g, f) ->
                  g.setupIntents()
                      .verifyMicrodeposits(
                          MERCHANT,
                          "contract-verify-code-1",
                          f.setupIntentId(),
                          new MicrodepositProof.DescriptorCode("SM11AA"))),
          new GatewayCall(
              "create checkout session for a payment link",
              "checkout.session",
              List.of(
                  "id",
                  "object",
                  "mode",
                  "url",
                  "customer",
                  "metadata",
                  "currency",
                  "amount_total",
                  "expires_at",
                  "success_url"),
              (g, f) ->
                  g.checkout()
                      .paymentLink(
                          new PaymentLinkRequest(
                              "contract-link-1",
                              MERCHANT,
                              4545,
                              "INV-4545",
                              12_000,
                              "usd",
                              f.customerId(),
                              EnumSet.allOf(PaymentMethodType.class),
                              "https://settle.test/paid",
                              "https://settle.test/canceled",
                              null,
                              null))),
          new GatewayCall(
              "expire checkout session",
              "checkout.session",
              List.of("id", "object", "status", "payment_status", "metadata"),
              (g, f) -> g.checkout().expire(MERCHANT, "contract-expire-1", f.checkoutSessionId())),
          new GatewayCall(
              "charge from the customer's cash balance (US bank transfer)",
              "payment_intent",
              List.of(
                  "id",
                  "object",
                  "status",
                  "amount",
                  "currency",
                  "customer",
                  "metadata",
                  "payment_method_types"),
              (g, f) ->
                  g.payments()
                      .charge(
                          Charges.offSession(
                              "contract-cash-balance-1",
                              MERCHANT,
                              4646,
                              1,
                              12_000,
                              "USD",
                              f.customerId(),
                              PaymentMethodType.CUSTOMER_BALANCE,
                              "INV-4646"))),
          new GatewayCall(
              "create funding instructions (US bank transfer)",
              "funding_instructions",
              List.of("object", "bank_transfer", "currency", "funding_type", "livemode"),
              (g, f) -> g.cashBalances().fundingInstructions(MERCHANT, f.customerId())),
          new GatewayCall(
              "retrieve cash balance (once a transfer arrived)",
              "cash_balance",
              List.of("object", "available", "customer", "livemode", "settings"),
              (g, f) -> {
                fundCashBalance(g, f, 5_000);
                return g.cashBalances().available(MERCHANT, f.customerId(), "usd");
              }),
          new GatewayCall(
              "test helper: a bank transfer funds the customer's cash balance",
              "customer_cash_balance_transaction",
              List.of(
                  "id",
                  "object",
                  "type",
                  "net_amount",
                  "ending_balance",
                  "currency",
                  "customer",
                  "funded"),
              (g, f) -> fundCashBalance(g, f, 5_000)),
          new GatewayCall(
              "create or update the webhook endpoint",
              "webhook_endpoint",
              List.of("id", "object", "url", "enabled_events", "api_version", "status"),
              (g, f) ->
                  g.webhookEndpoints().ensure(MERCHANT, "contract-webhooks-1", webhookUrl())));

  private GatewayCalls() {}

  static OffSessionCharge charge(Fixtures fixtures, String key) {
    return Charges.offSession(
        key, MERCHANT, 4242, 1, 12_000, "USD", fixtures.customerId(), "pm_card_visa", "INV-4242");
  }

  /** Stripe's test helper: a US bank transfer of {@code amount} cents reaches the customer. */
  static CustomerCashBalanceTransaction fundCashBalance(Gateways g, Fixtures f, long amount)
      throws StripeException {
    return g.clients()
        .forKey(f.secretKey())
        .v1()
        .testHelpers()
        .customers()
        .fundCashBalance(
            f.customerId(),
            CustomerFundCashBalanceParams.builder()
                .setAmount(amount)
                .setCurrency("usd")
                .setReference("INV-4646")
                .build());
  }

  static String webhookUrl() {
    return "https://settle.test/stripe/webhooks/" + MERCHANT;
  }
}
