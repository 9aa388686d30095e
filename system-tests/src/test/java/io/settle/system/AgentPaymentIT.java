package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentMethodAttachParams;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's payment form on the real stack: an agent at a desk charges the customer's saved
 * method, or types in the card the customer reads out (a PaymentIntent for the agent's Stripe.js
 * form), within the merchant's "allowed manual payment method types"; the portal's pay-all follows
 * the same setting. The merchant imports cards and US bank accounts and takes only cards by hand.
 */
class AgentPaymentIT {

  private static final String NOT_ALLOWED = "urn:settle:problem:payment-method-type-not-allowed";

  private final SettleStack stack = SettleStack.get();
  private SettleHttp api;
  private TestMerchant merchant;
  private String cashier;

  @BeforeEach
  void aMerchantThatTakesCardsByHand() {
    api = new SettleHttp(stack.apiUrl());
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
    // Imports card and us_bank_account; agents (and the portal) may take card only.
    SettleHttp.Response settings =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, CustomersIT.settings("OFF"));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    cashier = key(Map.of("role", "AGENT", "permissions", List.of("receive_manual_payments")));
  }

  @Test
  void anAgentWithoutThePermissionIsRefusedBothWays() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoice = merchant.invoiceForAPerson(customer, 2_000);
    String plainAgent = key(Map.of("role", "AGENT"));

    SettleHttp.Response charge =
        api.post("/api/v1/invoices/" + invoice + "/charge", plainAgent, Map.of());
    SettleHttp.Response session = newDetails(invoice, plainAgent, "card");

    for (SettleHttp.Response refused : List.of(charge, session)) {
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.body().path("type").asText()).isEqualTo("urn:settle:problem:forbidden");
      assertThat(refused.body().path("detail").asText()).contains("receive_manual_payments");
    }
    assertThat(merchant.readInvoice(invoice).path("attempts")).isEmpty();
    assertThat(merchant.paymentIntents()).isEmpty();
    assertThat(merchant.readInvoice(invoice).path("status").asText()).isEqualTo("OPEN");
  }

  @Test
  void aTypeTheMerchantDoesNotTakeByHandIsRefusedForSavedMethodsAndNewDetails() throws Exception {
    String stripeCustomer = stripeCustomer();
    String bankAccount = attach("pm_usBankAccount_success", stripeCustomer);
    // Mapped with its bank account paying automatically: imported into the mirror.
    long customer = merchant.customerMappedTo(stripeCustomer, bankAccount);
    long invoice = merchant.invoiceForAPerson(customer, 3_000);

    // The saved bank account, by id and as the auto-pay method (no id given).
    SettleHttp.Response byId =
        api.post(
            "/api/v1/invoices/" + invoice + "/charge",
            cashier,
            Map.of("paymentMethodId", bankAccount));
    SettleHttp.Response autoPay =
        api.post("/api/v1/invoices/" + invoice + "/charge", cashier, Map.of());
    // A method Settle never mirrored (Stripe's test bank account, by id): Stripe knows its type.
    SettleHttp.Response unmirrored =
        api.post(
            "/api/v1/invoices/" + invoice + "/charge",
            merchant.adminKey,
            Map.of("paymentMethodId", "pm_usBankAccount_success"));
    for (SettleHttp.Response refused : List.of(byId, autoPay, unmirrored)) {
      assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
      assertThat(refused.body().path("type").asText()).isEqualTo(NOT_ALLOWED);
      assertThat(refused.body().path("paymentMethodType").asText()).isEqualTo("us_bank_account");
      assertThat(refused.body().path("allowedTypes").toString()).isEqualTo("[\"card\"]");
      assertThat(refused.body().path("errors").get(0).path("field").asText())
          .isEqualTo("paymentMethodId");
    }

    // New details of a type not allowed.
    SettleHttp.Response bankDetails = newDetails(invoice, cashier, "us_bank_account");
    assertThat(bankDetails.status()).as(bankDetails.raw()).isEqualTo(422);
    assertThat(bankDetails.body().path("type").asText()).isEqualTo(NOT_ALLOWED);
    assertThat(bankDetails.body().path("errors").get(0).path("field").asText())
        .isEqualTo("paymentMethodType");

    // Nothing was attempted, reserved or asked of Stripe.
    JsonNode untouched = merchant.readInvoice(invoice);
    assertThat(untouched.path("attempts")).isEmpty();
    assertThat(untouched.path("status").asText()).isEqualTo("OPEN");
    assertThat(merchant.paymentIntents()).isEmpty();

    // An empty setting means the import types: now the bank account may be typed in, and the
    // PaymentIntent allows exactly that type.
    Map<String, Object> importTypesOnly = new HashMap<>(CustomersIT.settings("OFF"));
    importTypesOnly.put("agentPaymentMethodTypes", List.of());
    SettleHttp.Response changed =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, importTypesOnly);
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    SettleHttp.Response allowed = newDetails(invoice, cashier, "us_bank_account");
    assertThat(allowed.status()).as(allowed.raw()).isEqualTo(201);
    assertThat(intent(allowed).getPaymentMethodTypes()).containsExactly("us_bank_account");
  }

  @Test
  void anAgentTypesInTheCustomersCardAndTheConfirmedPaymentPaysTheInvoice() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa_chargeDeclined");
    long invoice = merchant.invoiceForAPerson(customer, 4_250);

    SettleHttp.HeadedResponse started =
        api.post(
            "/api/v1/invoices/" + invoice + "/payment-sessions",
            cashier,
            Map.of("paymentMethodType", "card", "payerEmail", "jo@acme.test"),
            Map.of());

    SettleHttp.Response session = started.response();
    assertThat(session.status()).as(session.raw()).isEqualTo(201);
    String id = session.body().path("id").asText();
    assertThat(started.header("Location"))
        .contains("/api/v1/invoices/" + invoice + "/payment-sessions/" + id);
    assertThat(session.body().path("stage").asText()).isEqualTo("AWAITING_CUSTOMER");
    assertThat(session.body().path("amount").asLong()).isEqualTo(4_250);
    String clientSecret = session.body().path("clientSecret").asText();
    assertThat(clientSecret).contains("_secret_");
    // The client secret is the PaymentIntent's, which allows cards only: the browser cannot pay
    // it with a bank account, whatever it sends.
    PaymentIntent intent = intent(session);
    assertThat(intent.getClientSecret()).isEqualTo(clientSecret);
    assertThat(intent.getPaymentMethodTypes()).containsExactly("card");
    assertThat(intent.getAmount()).isEqualTo(4_250);
    assertThat(merchant.readInvoice(invoice).path("status").asText()).isEqualTo("PROCESSING");
    assertThatThrownBy(() -> confirm(intent.getId(), "pm_usBankAccount_success"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not allowed for this PaymentIntent");

    // The agent reads it while the customer is still on the line.
    SettleHttp.Response waiting = readSession(invoice, id);
    assertThat(waiting.status()).as(waiting.raw()).isEqualTo(200);
    assertThat(waiting.body().path("clientSecret").asText()).isEqualTo(clientSecret);

    // Stripe.js confirms the PaymentIntent with the card the customer read out.
    confirm(intent.getId(), "pm_card_visa");

    JsonNode paid = merchant.awaitStatus(invoice, "PAID");
    assertThat(paid.path("amountPaid").asLong()).isEqualTo(4_250);
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(paid.path("payments").get(0).path("source").asText()).isEqualTo("AGENT");
    JsonNode ended =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> readSession(invoice, id).body(),
                body -> !"AWAITING_CUSTOMER".equals(body.path("stage").asText()));
    assertThat(ended.path("stage").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("clientSecret").isNull()).isTrue();
    assertThat(merchant.paymentIntents()).as("one PaymentIntent, the agent's").hasSize(1);

    // Paid: a second session has nothing to pay.
    SettleHttp.Response again = newDetails(invoice, cashier, "card");
    assertThat(again.status()).as(again.raw()).isEqualTo(409);
  }

  @Test
  void thePortalsPayAllAndPayFollowTheSameSetting() throws Exception {
    String stripeCustomer = stripeCustomer();
    String bankAccount = attach("pm_usBankAccount_success", stripeCustomer);
    long customer = merchant.customerMappedTo(stripeCustomer, bankAccount);
    long invoice = merchant.invoiceForAPerson(customer, 1_800);
    String portal = key(Map.of("role", "PORTAL", "customerId", customer));

    SettleHttp.Response payAll = api.post("/api/v1/portal/payments", portal, Map.of());
    SettleHttp.Response payAllById =
        api.post(
            "/api/v1/portal/payments",
            portal,
            Map.of("invoiceIds", List.of(invoice), "paymentMethodId", bankAccount));
    SettleHttp.Response pay = api.post("/api/v1/invoices/" + invoice + "/charge", portal, Map.of());

    for (SettleHttp.Response refused : List.of(payAll, payAllById, pay)) {
      assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
      assertThat(refused.body().path("type").asText()).isEqualTo(NOT_ALLOWED);
      assertThat(refused.body().path("errors").get(0).path("field").asText())
          .isEqualTo("paymentMethodId");
    }
    JsonNode untouched = merchant.readInvoice(invoice);
    assertThat(untouched.path("status").asText()).isEqualTo("OPEN");
    assertThat(untouched.path("attempts")).isEmpty();
    assertThat(merchant.paymentIntents()).isEmpty();

    // New details in the portal offer the allowed manual types only: cards, not bank accounts.
    SettleHttp.Response newDetails =
        api.post("/api/v1/portal/payments", portal, Map.of("newPaymentMethod", true));
    assertThat(newDetails.status()).as(newDetails.raw()).isEqualTo(201);
    assertThat(intent(newDetails).getPaymentMethodTypes()).containsExactly("card");
  }

  // --- helpers

  private SettleHttp.Response newDetails(long invoice, String key, String type) {
    return api.post(
        "/api/v1/invoices/" + invoice + "/payment-sessions",
        key,
        Map.of("paymentMethodType", type));
  }

  private SettleHttp.Response readSession(long invoice, String id) {
    return api.get("/api/v1/invoices/" + invoice + "/payment-sessions/" + id, cashier);
  }

  private PaymentIntent intent(SettleHttp.Response session) throws Exception {
    String id = session.body().path("paymentIntentId").asText();
    assertThat(id).as(session.raw()).startsWith("pi_");
    return merchant.stripe.v1().paymentIntents().retrieve(id);
  }

  private PaymentIntent confirm(String paymentIntentId, String paymentMethod) throws Exception {
    return merchant
        .stripe
        .v1()
        .paymentIntents()
        .confirm(
            paymentIntentId,
            PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod).build());
  }

  private String stripeCustomer() throws Exception {
    return merchant
        .stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
        .getId();
  }

  private String attach(String paymentMethod, String stripeCustomer) throws Exception {
    return merchant
        .stripe
        .v1()
        .paymentMethods()
        .attach(
            paymentMethod, PaymentMethodAttachParams.builder().setCustomer(stripeCustomer).build())
        .getId();
  }

  private String key(Map<String, Object> request) {
    return merchant.issueKey(request).path("key").asText();
  }
}
