package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentConfirmParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's payment form on the real stack: who may take a payment by hand, and with which types
 * (the merchant imports cards and bank accounts but takes only cards by hand). A card the customer
 * reads out is confirmed with Stripe.js against the PaymentIntent the answer names.
 */
class AgentPaymentIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;
  private long invoice;

  @BeforeEach
  void aMerchantTakingOnlyCardsByHand() throws Exception {
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
    SettleHttp.Response settings =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, CustomersIT.settings("OFF"));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    invoice = merchant.invoiceForAPerson(merchant.customerPayingWith("pm_card_visa"), 4_200);
  }

  @Test
  void anAgentWithoutThePermissionIsRefusedBothWays() {
    String agent = key(List.of());

    assertThat(session(agent, "card").status()).isEqualTo(403);
    SettleHttp.Response charge =
        api.post("/api/v1/invoices/" + invoice + "/charge", agent, Map.of());
    assertThat(charge.status()).as(charge.raw()).isEqualTo(403);
    assertThat(charge.body().path("detail").asText()).contains("receive_manual_payments");
    assertThat(merchant.readInvoice(invoice).path("attempts")).isEmpty();
  }

  @Test
  void aTypeTheMerchantDoesNotTakeByHandIsRefused() {
    SettleHttp.Response bank = session(key(List.of("receive_manual_payments")), "us_bank_account");

    assertThat(bank.status()).as(bank.raw()).isEqualTo(422);
    assertThat(bank.body().path("errors").get(0).path("field").asText())
        .isEqualTo("paymentMethodType");
    assertThat(merchant.readInvoice(invoice).path("status").asText()).isEqualTo("OPEN");
  }

  @Test
  void newCardDetailsAnAgentTypesInPayTheInvoice() throws Exception {
    String agent = key(List.of("receive_manual_payments"));

    SettleHttp.Response started = session(agent, "card");

    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    assertThat(started.body().path("stage").asText()).isEqualTo("AWAITING_CUSTOMER");
    assertThat(started.body().path("clientSecret").asText()).contains("_secret_");
    String intent = started.body().path("paymentIntentId").asText();
    // The PaymentIntent takes only the type the agent chose, whatever the browser sends.
    assertThatThrownBy(() -> confirm(intent, "pm_usBankAccount_success"))
        .isInstanceOf(StripeException.class);
    confirm(intent, "pm_card_visa");

    JsonNode paid = merchant.awaitStatus(invoice, "PAID");
    assertThat(paid.path("payments").get(0).path("source").asText()).isEqualTo("AGENT");
    String location =
        "/api/v1/invoices/" + invoice + "/payment-sessions/" + started.body().path("id").asText();
    JsonNode after =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get(location, agent).body(),
                session -> "SUCCEEDED".equals(session.path("stage").asText()));
    assertThat(after.path("clientSecret").isNull()).isTrue();
  }

  private SettleHttp.Response session(String key, String type) {
    return api.post(
        "/api/v1/invoices/" + invoice + "/payment-sessions",
        key,
        Map.of("paymentMethodType", type));
  }

  private void confirm(String intent, String paymentMethod) throws StripeException {
    merchant
        .stripe
        .v1()
        .paymentIntents()
        .confirm(
            intent, PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod).build());
  }

  private String key(List<String> permissions) {
    SettleHttp.Response issued =
        api.post(
            "/api/v1/api-keys",
            merchant.adminKey,
            Map.of("role", "AGENT", "permissions", permissions));
    assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
    return issued.body().path("key").asText();
  }
}
