package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.CashBalance;
import com.stripe.model.Charge;
import com.stripe.model.CustomerCashBalanceTransaction;
import com.stripe.model.Event;
import com.stripe.model.FundingInstructions;
import com.stripe.model.PaymentIntent;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCashBalanceTransactionListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerFundCashBalanceParams;
import com.stripe.param.CustomerFundingInstructionsCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentCreateParams.PaymentMethodOptions.CustomerBalance;
import com.stripe.param.WebhookEndpointCreateParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers' cash balances and {@code customer_balance} PaymentIntents paid by US bank transfer, as
 * Stripe runs them in automatic reconciliation, driven through stripe-java.
 */
class CashBalanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StripeSimulator simulator;
  private String key;
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    key = TestAccounts.newKey();
    stripe = TestAccounts.client(simulator, key);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private String customer(String name) throws StripeException {
    return stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName(name).build())
        .getId();
  }

  private CustomerCashBalanceTransaction fund(String customer, long amount, String reference)
      throws StripeException {
    CustomerFundCashBalanceParams.Builder params =
        CustomerFundCashBalanceParams.builder().setAmount(amount).setCurrency("usd");
    if (reference != null) {
      params.setReference(reference);
    }
    return stripe.v1().testHelpers().customers().fundCashBalance(customer, params.build());
  }

  private static PaymentIntentCreateParams.Builder bankTransfer(long amount, String customer) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .setCustomer(customer)
        .addPaymentMethodType("customer_balance")
        .setPaymentMethodData(
            PaymentIntentCreateParams.PaymentMethodData.builder()
                .setType(PaymentIntentCreateParams.PaymentMethodData.Type.CUSTOMER_BALANCE)
                .build())
        .setPaymentMethodOptions(
            PaymentIntentCreateParams.PaymentMethodOptions.builder()
                .setCustomerBalance(
                    CustomerBalance.builder()
                        .setFundingType(CustomerBalance.FundingType.BANK_TRANSFER)
                        .setBankTransfer(
                            CustomerBalance.BankTransfer.builder()
                                .setType(CustomerBalance.BankTransfer.Type.US_BANK_TRANSFER)
                                .build())
                        .build())
                .build())
        .setConfirm(true);
  }

  private PaymentIntent payByTransfer(long amount, String customer) throws StripeException {
    return stripe.v1().paymentIntents().create(bankTransfer(amount, customer).build());
  }

  private FundingInstructions instructions(String customer, String currency)
      throws StripeException {
    return stripe
        .v1()
        .customers()
        .fundingInstructions()
        .create(
            customer,
            CustomerFundingInstructionsCreateParams.builder()
                .setFundingType(CustomerFundingInstructionsCreateParams.FundingType.BANK_TRANSFER)
                .setCurrency(currency)
                .setBankTransfer(
                    CustomerFundingInstructionsCreateParams.BankTransfer.builder()
                        .setType(
                            CustomerFundingInstructionsCreateParams.BankTransfer.Type
                                .US_BANK_TRANSFER)
                        .build())
                .build());
  }

  private long available(String customer) throws StripeException {
    Map<String, Long> available =
        stripe.v1().customers().cashBalance().retrieve(customer).getAvailable();
    return available == null ? 0 : available.getOrDefault("usd", 0L);
  }

  /** The account's events, oldest first. */
  private List<Event> events() throws StripeException {
    return stripe
        .v1()
        .events()
        .list(EventListParams.builder().setLimit(100L).build())
        .getData()
        .reversed();
  }

  private static String describe(Event event) {
    Object object = event.getDataObjectDeserializer().getObject().orElseThrow();
    return switch (object) {
      case CustomerCashBalanceTransaction transaction ->
          event.getType()
              + " "
              + transaction.getType()
              + " "
              + transaction.getNetAmount()
              + (transaction.getAppliedToPayment() == null
                  ? ""
                  : " " + transaction.getAppliedToPayment().getPaymentIntent());
      case PaymentIntent intent -> event.getType() + " " + intent.getId();
      case CashBalance balance -> event.getType() + " " + balance.getAvailable().get("usd");
      default -> event.getType();
    };
  }

  private List<String> eventsSince(int seen) throws StripeException {
    List<Event> events = events();
    return events.subList(seen, events.size()).stream().map(CashBalanceTest::describe).toList();
  }

  @Test
  void aFreshCustomerHasNoCashBalanceUntilATransferArrives() throws StripeException {
    String customer = customer("Acme");

    CashBalance none = stripe.v1().customers().cashBalance().retrieve(customer);
    CustomerCashBalanceTransaction funded = fund(customer, 5_000, "INV-0042");
    CashBalance balance = stripe.v1().customers().cashBalance().retrieve(customer);

    assertThat(none.getObject()).isEqualTo("cash_balance");
    assertThat(none.getAvailable()).isNull();
    assertThat(none.getCustomer()).isEqualTo(customer);
    assertThat(none.getSettings().getReconciliationMode()).isEqualTo("automatic");
    assertThat(none.getSettings().getUsingMerchantDefault()).isTrue();
    assertThat(funded.getId()).matches("ccsbtxn_1[A-Za-z0-9]{23}");
    assertThat(funded.getObject()).isEqualTo("customer_cash_balance_transaction");
    assertThat(funded.getType()).isEqualTo("funded");
    assertThat(funded.getNetAmount()).isEqualTo(5_000);
    assertThat(funded.getEndingBalance()).isEqualTo(5_000);
    assertThat(funded.getCurrency()).isEqualTo("usd");
    assertThat(funded.getCustomer()).isEqualTo(customer);
    assertThat(funded.getLivemode()).isFalse();
    assertThat(funded.getCreated()).isPositive();
    assertThat(funded.getAppliedToPayment()).isNull();
    assertThat(funded.getFunded().getBankTransfer().getType()).isEqualTo("us_bank_transfer");
    assertThat(funded.getFunded().getBankTransfer().getReference()).isEqualTo("INV-0042");
    assertThat(funded.getFunded().getBankTransfer().getUsBankTransfer().getNetwork())
        .isEqualTo("ach");
    assertThat(funded.getFunded().getBankTransfer().getUsBankTransfer().getSenderName())
        .isEqualTo("Acme");
    assertThat(balance.getAvailable()).containsExactly(Map.entry("usd", 5_000L));
  }

  @Test
  void transactionsAreListedNewestFirstAndPaged() throws StripeException {
    String customer = customer("Acme");
    String other = customer("Globex");
    CustomerCashBalanceTransaction first = fund(customer, 1_000, null);
    CustomerCashBalanceTransaction second = fund(customer, 2_000, null);
    fund(other, 3_000, null);

    var page =
        stripe
            .v1()
            .customers()
            .cashBalanceTransactions()
            .list(
                customer, CustomerCashBalanceTransactionListParams.builder().setLimit(1L).build());
    var next =
        stripe
            .v1()
            .customers()
            .cashBalanceTransactions()
            .list(
                customer,
                CustomerCashBalanceTransactionListParams.builder()
                    .setStartingAfter(second.getId())
                    .build());

    assertThat(page.getData()).extracting("id").containsExactly(second.getId());
    assertThat(page.getHasMore()).isTrue();
    assertThat(next.getData()).extracting("id").containsExactly(first.getId());
    assertThat(next.getHasMore()).isFalse();
    assertThat(second.getEndingBalance()).isEqualTo(3_000);
    assertThat(
            stripe
                .v1()
                .customers()
                .cashBalanceTransactions()
                .retrieve(customer, first.getId())
                .getNetAmount())
        .isEqualTo(1_000);
  }

  @Test
  void fundingInstructionsAreTheCustomersOwnVirtualAccountEveryTime() throws StripeException {
    String customer = customer("Acme");

    FundingInstructions first = instructions(customer, "usd");
    FundingInstructions again = instructions(customer, "usd");
    FundingInstructions another = instructions(customer("Globex"), "usd");

    assertThat(first.getObject()).isEqualTo("funding_instructions");
    assertThat(first.getCurrency()).isEqualTo("usd");
    assertThat(first.getFundingType()).isEqualTo("bank_transfer");
    assertThat(first.getLivemode()).isFalse();
    assertThat(first.getBankTransfer().getCountry()).isEqualTo("US");
    assertThat(first.getBankTransfer().getType()).isEqualTo("us_bank_transfer");
    var address = first.getBankTransfer().getFinancialAddresses().getFirst();
    assertThat(address.getType()).isEqualTo("aba");
    assertThat(address.getSupportedNetworks()).containsExactly("ach", "domestic_wire_us");
    assertThat(address.getAba().getAccountNumber()).matches("[0-9]{12}");
    assertThat(address.getAba().getRoutingNumber()).matches("[0-9]{9}");
    assertThat(address.getAba().getBankName()).isNotBlank();
    assertThat(address.getAba().getAccountType()).isEqualTo("checking");
    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertThat(another.getBankTransfer().getFinancialAddresses().getFirst().getAba())
        .extracting("accountNumber")
        .isNotEqualTo(address.getAba().getAccountNumber());
  }

  @Test
  void usBankTransfersAreInDollarsOnly() throws StripeException {
    String customer = customer("Acme");

    InvalidRequestException instructions =
        catchThrowableOfType(InvalidRequestException.class, () -> instructions(customer, "eur"));
    InvalidRequestException intent =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(bankTransfer(5_000, customer).setCurrency("eur").build()));

    assertThat(instructions.getStatusCode()).isEqualTo(400);
    assertThat(instructions.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(instructions.getParam()).isEqualTo("currency");
    assertThat(intent.getParam()).isEqualTo("currency");
    assertThat(simulator.paymentIntentCount()).isZero();
  }

  @Test
  void aCashBalancePaymentNeedsTheCustomer() {
    InvalidRequestException refused =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().paymentIntents().create(bankTransfer(5_000, null).build()));

    assertThat(refused.getParam()).isEqualTo("customer");
    assertThat(simulator.paymentIntentCount()).isZero();
  }

  @Test
  void aPaymentTheBalanceCoversSucceedsAtOnceAndDebitsIt() throws StripeException {
    String customer = customer("Acme");
    fund(customer, 12_000, null);
    int seen = events().size();

    PaymentIntent intent = payByTransfer(10_000, customer);

    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmountReceived()).isEqualTo(10_000);
    assertThat(intent.getNextAction()).isNull();
    assertThat(intent.getPaymentMethodTypes()).containsExactly("customer_balance");
    assertThat(intent.getPaymentMethodOptions().getCustomerBalance().getFundingType())
        .isEqualTo("bank_transfer");
    assertThat(intent.getPaymentMethodOptions().getCustomerBalance().getBankTransfer().getType())
        .isEqualTo("us_bank_transfer");
    assertThat(stripe.v1().paymentMethods().retrieve(intent.getPaymentMethod()).getType())
        .isEqualTo("customer_balance");
    Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
    assertThat(charge.getStatus()).isEqualTo("succeeded");
    assertThat(charge.getAmountCaptured()).isEqualTo(10_000);
    assertThat(charge.getPaymentMethodDetails().getType()).isEqualTo("customer_balance");
    assertThat(available(customer)).isEqualTo(2_000);
    CustomerCashBalanceTransaction applied =
        stripe.v1().customers().cashBalanceTransactions().list(customer).getData().getFirst();
    assertThat(applied.getType()).isEqualTo("applied_to_payment");
    assertThat(applied.getNetAmount()).isEqualTo(-10_000);
    assertThat(applied.getEndingBalance()).isEqualTo(2_000);
    assertThat(applied.getAppliedToPayment().getPaymentIntent()).isEqualTo(intent.getId());
    assertThat(applied.getFunded()).isNull();
    assertThat(eventsSince(seen))
        .containsExactly(
            "payment_intent.created " + intent.getId(),
            "customer_cash_balance_transaction.created applied_to_payment -10000 " + intent.getId(),
            "payment_intent.succeeded " + intent.getId());
  }

  @Test
  void aPaymentTheBalanceDoesNotCoverWaitsWithTheTransferInstructions() throws StripeException {
    String customer = customer("Acme");
    fund(customer, 2_000, null);
    FundingInstructions funding = instructions(customer, "usd");
    int seen = events().size();

    PaymentIntent intent = payByTransfer(10_000, customer);

    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getAmountReceived()).isZero();
    assertThat(intent.getLatestCharge()).isNull();
    assertThat(intent.getNextAction().getType()).isEqualTo("display_bank_transfer_instructions");
    var shown = intent.getNextAction().getDisplayBankTransferInstructions();
    assertThat(shown.getAmountRemaining()).isEqualTo(10_000);
    assertThat(shown.getCurrency()).isEqualTo("usd");
    assertThat(shown.getType()).isEqualTo("us_bank_transfer");
    assertThat(shown.getReference()).matches("[A-Z0-9]{12}");
    assertThat(shown.getHostedInstructionsUrl())
        .isEqualTo(simulator.baseUrl() + "/_simulator/bank_transfer/" + intent.getId());
    var address = shown.getFinancialAddresses().getFirst();
    assertThat(address.getType()).isEqualTo("aba");
    assertThat(address.getSupportedNetworks()).containsExactly("ach", "domestic_wire_us");
    assertThat(address.getAba().getAccountNumber())
        .isEqualTo(
            funding
                .getBankTransfer()
                .getFinancialAddresses()
                .getFirst()
                .getAba()
                .getAccountNumber());
    assertThat(available(customer)).as("nothing is taken until it covers").isEqualTo(2_000);
    assertThat(eventsSince(seen))
        .containsExactly(
            "payment_intent.created " + intent.getId(),
            "payment_intent.requires_action " + intent.getId());
  }

  @Test
  void fundsThatArriveLaterPayTheWaitingPaymentsOldestFirstEachWhenCovered()
      throws StripeException {
    String customer = customer("Acme");
    PaymentIntent large = payByTransfer(8_000, customer);
    PaymentIntent small = payByTransfer(3_000, customer);
    PaymentIntent medium = payByTransfer(4_000, customer);
    PaymentIntent elsewhere = payByTransfer(1_000, customer("Globex"));
    int seen = events().size();

    CustomerCashBalanceTransaction funded = fund(customer, 7_000, null);

    assertThat(eventsSince(seen))
        .containsExactly(
            "customer_cash_balance_transaction.created funded 7000",
            "customer_cash_balance_transaction.created applied_to_payment -3000 " + small.getId(),
            "payment_intent.succeeded " + small.getId(),
            "customer_cash_balance_transaction.created applied_to_payment -4000 " + medium.getId(),
            "payment_intent.succeeded " + medium.getId());
    assertThat(funded.getEndingBalance()).isEqualTo(7_000);
    assertThat(status(large)).isEqualTo("requires_action");
    assertThat(status(small)).isEqualTo("succeeded");
    assertThat(status(medium)).isEqualTo("succeeded");
    assertThat(status(elsewhere)).isEqualTo("requires_action");
    assertThat(available(customer)).isZero();

    seen = events().size();
    fund(customer, 10_000, null);

    assertThat(eventsSince(seen))
        .containsExactly(
            "customer_cash_balance_transaction.created funded 10000",
            "customer_cash_balance_transaction.created applied_to_payment -8000 " + large.getId(),
            "payment_intent.succeeded " + large.getId(),
            "cash_balance.funds_available 2000");
    PaymentIntent paid = stripe.v1().paymentIntents().retrieve(large.getId());
    assertThat(paid.getAmountReceived()).isEqualTo(8_000);
    assertThat(paid.getNextAction()).isNull();
    assertThat(paid.getLatestCharge()).startsWith("ch_");
    assertThat(available(customer)).isEqualTo(2_000);
  }

  @Test
  void aTransferWithAPaymentsReferencePaysThatPaymentFirst() throws StripeException {
    String customer = customer("Acme");
    PaymentIntent older = payByTransfer(5_000, customer);
    PaymentIntent newer = payByTransfer(5_000, customer);

    simulator.sendBankTransfer(newer.getId());

    assertThat(status(newer)).isEqualTo("succeeded");
    assertThat(status(older)).isEqualTo("requires_action");
    CustomerCashBalanceTransaction funded =
        stripe.v1().customers().cashBalanceTransactions().list(customer).getData().getLast();
    assertThat(funded.getFunded().getBankTransfer().getReference())
        .isEqualTo(newer.getNextAction().getDisplayBankTransferInstructions().getReference());
    assertThat(available(customer)).isZero();
  }

  @Test
  void theHostedInstructionsPageShowsTheAccountAndSendsTheTransfer() throws StripeException {
    String customer = customer("Acme");
    PaymentIntent intent = payByTransfer(4_500, customer);
    var shown = intent.getNextAction().getDisplayBankTransferInstructions();
    RawHttp browser = new RawHttp(simulator, null);
    String path = "/_simulator/bank_transfer/" + intent.getId();

    RawHttp.Response page = browser.get(path);
    RawHttp.Response sent = browser.post(path, "action=pay");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("45.00 USD")
        .contains(shown.getFinancialAddresses().getFirst().getAba().getAccountNumber())
        .contains(shown.getReference());
    assertThat(sent.status()).isEqualTo(303);
    assertThat(status(intent)).isEqualTo("succeeded");
    assertThat(browser.get(path).body()).contains("succeeded");
  }

  @Test
  void theControlApiSendsTheTransferAPaymentWaitsFor() throws StripeException {
    String customer = customer("Acme");
    PaymentIntent intent = payByTransfer(6_000, customer);

    RawHttp.Response sent =
        new RawHttp(simulator, null)
            .post("/_simulator/payment_intents/" + intent.getId() + "/bank_transfer", "");

    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.json().path("sent").asBoolean()).isTrue();
    assertThat(status(intent)).isEqualTo("succeeded");
  }

  @Test
  void aCreateRetriedUnderItsIdempotencyKeyMakesOnePaymentIntent() throws StripeException {
    String customer = customer("Acme");
    RequestOptions options = RequestOptions.builder().setIdempotencyKey("bank-transfer-1").build();

    PaymentIntent first =
        stripe.v1().paymentIntents().create(bankTransfer(6_000, customer).build(), options);
    PaymentIntent again =
        stripe.v1().paymentIntents().create(bankTransfer(6_000, customer).build(), options);

    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(again.getStatus()).isEqualTo("requires_action");
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void aWaitingPaymentCanBeCanceledAndIsThenNeverPaid() throws StripeException {
    String customer = customer("Acme");
    PaymentIntent intent = payByTransfer(5_000, customer);

    PaymentIntent canceled = stripe.v1().paymentIntents().cancel(intent.getId());
    fund(customer, 5_000, null);

    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(status(intent)).isEqualTo("canceled");
    assertThat(available(customer)).isEqualTo(5_000);
    assertThat(events().getLast().getType()).isEqualTo("cash_balance.funds_available");
  }

  @Test
  void theRawShapesAreStripes() throws StripeException {
    String customer = customer("Acme");
    RawHttp http = new RawHttp(simulator, key);

    JsonNode none = http.get("/v1/customers/" + customer + "/cash_balance").json();
    JsonNode funded =
        http.post(
                "/v1/test_helpers/customers/" + customer + "/fund_cash_balance",
                "amount=700&currency=usd&reference=R1")
            .json();
    RawHttp.Response missing = http.get("/v1/customers/cus_nobody/cash_balance");

    assertThat(none.has("available")).isTrue();
    assertThat(none.get("available").isNull()).isTrue();
    assertThat(none.path("customer_account").isNull()).isTrue();
    assertThat(funded.has("applied_to_payment")).as("only the type's own hash").isFalse();
    assertThat(funded.path("funded").path("bank_transfer").path("us_bank_transfer").has("network"))
        .isTrue();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").path("param").asText()).isEqualTo("customer");
  }

  @Test
  void webhookEndpointsGetTheCashBalanceEvents() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      WebhookEndpoint endpoint =
          stripe
              .v1()
              .webhookEndpoints()
              .create(
                  WebhookEndpointCreateParams.builder()
                      .setUrl(receiver.url())
                      .addEnabledEvent(
                          WebhookEndpointCreateParams.EnabledEvent
                              .CUSTOMER_CASH_BALANCE_TRANSACTION__CREATED)
                      .addEnabledEvent(
                          WebhookEndpointCreateParams.EnabledEvent.CASH_BALANCE__FUNDS_AVAILABLE)
                      .build());
      String customer = customer("Acme");

      fund(customer, 900, null);

      // Deliveries run side by side, so in no promised order: as on Stripe.
      Map<String, JsonNode> byType = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        JsonNode event = JSON.readTree(receiver.next().body());
        byType.put(event.path("type").asText(), event.path("data").path("object"));
      }
      assertThat(endpoint.getSecret()).startsWith("whsec_");
      assertThat(byType)
          .containsOnlyKeys(
              "customer_cash_balance_transaction.created", "cash_balance.funds_available");
      assertThat(byType.get("customer_cash_balance_transaction.created").path("object").asText())
          .isEqualTo("customer_cash_balance_transaction");
      JsonNode balance = byType.get("cash_balance.funds_available");
      assertThat(balance.path("object").asText()).isEqualTo("cash_balance");
      assertThat(balance.path("available").path("usd").asLong()).isEqualTo(900);
    }
  }

  private String status(PaymentIntent intent) throws StripeException {
    return stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus();
  }
}
