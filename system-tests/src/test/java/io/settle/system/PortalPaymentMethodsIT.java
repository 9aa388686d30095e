package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.SetupIntent;
import com.stripe.param.SetupIntentConfirmParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's payment methods on the real stack: a customer saves a bank account through a
 * SetupIntent, proves it with micro-deposits, and chooses it to pay automatically when the
 * merchant's setting allows.
 */
class PortalPaymentMethodsIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;
  private long customerId;
  private String portalKey;

  @BeforeEach
  void aMerchantOfferingCardsAndBankAccountsAndAPortalCustomer() {
    merchant = TestMerchant.connect(stack);
    SettleHttp.Response settings =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, CustomersIT.settings("OFF"));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    SettleHttp.Response customer =
        api.post("/api/v1/customers", merchant.adminKey, Map.of("name", "Portal Ltd"));
    assertThat(customer.status()).as(customer.raw()).isEqualTo(201);
    customerId = customer.body().path("id").asLong();
    SettleHttp.Response key =
        api.post(
            "/api/v1/api-keys",
            merchant.adminKey,
            Map.of("role", "PORTAL", "customerId", customerId));
    assertThat(key.status()).as(key.raw()).isEqualTo(201);
    portalKey = key.body().path("key").asText();
  }

  @Test
  void aBankAccountVerifiedByMicrodepositsIsChosenToPayAutomatically() throws Exception {
    SettleHttp.Response setup = api.post("/api/v1/portal/setup-intents", portalKey, Map.of());
    assertThat(setup.status()).as(setup.raw()).isEqualTo(201);
    assertThat(setup.body().path("paymentMethodTypes"))
        .extracting(JsonNode::asText)
        .containsExactly("card", "us_bank_account");
    assertThat(setup.body().path("clientSecret").asText()).isNotBlank();
    assertThat(setup.body().path("publishableKey").asText()).isEqualTo("pk_test_acme1234");
    String setupIntentId = setup.body().path("setupIntentId").asText();
    SettleHttp.Response own = api.get("/api/v1/customers/" + customerId, portalKey);
    assertThat(own.body().path("stripeCustomerId").asText()).startsWith("cus_");

    // What Stripe.js does in the customer's browser: the bank account awaits micro-deposits.
    SetupIntent confirmed =
        merchant
            .stripe
            .v1()
            .setupIntents()
            .confirm(
                setupIntentId,
                SetupIntentConfirmParams.builder()
                    .setPaymentMethod("pm_usBankAccount_success")
                    .build());
    assertThat(confirmed.getStatus()).isEqualTo("requires_action");

    SettleHttp.Response wrong =
        api.post(
            "/api/v1/portal/setup-intents/" + setupIntentId + "/verify-microdeposits",
            portalKey,
            Map.of("amounts", List.of(10, 11)));
    assertThat(wrong.status()).as(wrong.raw()).isEqualTo(422);
    assertThat(wrong.body().path("stripeCode").asText())
        .isEqualTo("payment_method_microdeposit_verification_amounts_mismatch");

    SettleHttp.Response verified =
        api.post(
            "/api/v1/portal/setup-intents/" + setupIntentId + "/verify-microdeposits",
            portalKey,
            Map.of("amounts", List.of(32, 45)));
    assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
    JsonNode bank = verified.body().path("paymentMethods").get(0);
    assertThat(bank.path("type").asText()).isEqualTo("us_bank_account");
    assertThat(bank.path("achVerification").asText()).isEqualTo("VERIFIED");
    assertThat(bank.path("last4").asText()).isEqualTo("6789");
    assertThat(verified.body().path("mayChangeAutopay").asBoolean()).isTrue();
    String bankId = bank.path("id").asText();

    SettleHttp.Response chosen =
        api.put("/api/v1/portal/payment-methods/" + bankId + "/autopay", portalKey, Map.of());
    assertThat(chosen.status()).as(chosen.raw()).isEqualTo(200);
    assertThat(chosen.body().path("autopayPaymentMethodId").asText()).isEqualTo(bankId);
    assertThat(
            api.get("/api/v1/customers/" + customerId, merchant.adminKey)
                .body()
                .path("defaultPaymentMethodId")
                .asText())
        .isEqualTo(bankId);

    Map<String, Object> hide = new HashMap<>(CustomersIT.settings("OFF"));
    hide.put("portalPaymentMethods", "HIDE");
    assertThat(api.put("/api/v1/merchants/me/settings", merchant.adminKey, hide).status())
        .isEqualTo(200);
    SettleHttp.Response hidden =
        api.put("/api/v1/portal/payment-methods/" + bankId + "/autopay", portalKey, Map.of());
    assertThat(hidden.status()).as(hidden.raw()).isEqualTo(403);
    assertThat(hidden.body().path("type").asText()).isEqualTo("urn:settle:problem:forbidden");
    assertThat(
            api.get("/api/v1/portal/payment-methods", portalKey)
                .body()
                .path("mayChangeAutopay")
                .asBoolean())
        .isFalse();
  }

  @Test
  void aPortalKeyMayNotMapOrImportNorSeeAnotherCustomer() {
    SettleHttp.Response other =
        api.post("/api/v1/customers", merchant.adminKey, Map.of("name", "Someone Else"));
    long otherId = other.body().path("id").asLong();

    assertThat(api.get("/api/v1/customers/" + otherId, portalKey).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/customers/" + customerId, portalKey).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/customers/stripe-mappings", portalKey, Map.of()).status())
        .isEqualTo(403);
    assertThat(
            api.post(
                    "/api/v1/customers/" + customerId + "/payment-methods/import",
                    portalKey,
                    Map.of())
                .status())
        .isEqualTo(403);
  }
}
