package io.settle.api.merchant;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.PORTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.ClockConfiguration;
import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.api.webhook.WebhookProperties;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import java.util.Optional;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** GET/PUT /merchants/me/settings and PUT /merchants/me/stripe: admin only, validated. */
@WebMvcTest(MerchantSettingsController.class)
@Import({SecurityConfiguration.class, ClockConfiguration.class, MerchantSettings.class})
@EnableConfigurationProperties(WebhookProperties.class)
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class PaymentSettingsControllerTest {

  private static final String VALID =
      """
      {"settlementCurrency":"USD",
       "autopay":{"enabled":true,"timing":"ON_CREATION"},
       "importPaymentMethodTypes":["card","us_bank_account"],
       "agentPaymentMethodTypes":["card"],
       "customerSync":{"mode":"TWO_WAY","fields":["email"]},
       "portalPaymentMethods":"ONLY_IF_SET",
       "notifications":{"notifyOn":"FAILURES_ONLY","ccEmail":"ar@example.com",
                        "stripeSendsReceipts":true}}
      """;

  @Autowired MockMvc mvc;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean StripeWebhookEndpoints webhookEndpoints;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean MerchantOnboarding onboarding;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @Test
  void theSettingsReadAsStored() throws Exception {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    false,
                    "ON_DUE_DATE",
                    Set.of("us_bank_account", "card"),
                    Set.of(),
                    SyncMode.IMPORT_ONLY,
                    Set.of("name", "email"),
                    PortalPaymentMethods.HIDE,
                    NotifyOn.ALL,
                    null,
                    false)));

    mvc.perform(get("/api/v1/merchants/me/settings").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.settlementCurrency").value("USD"))
        .andExpect(jsonPath("$.autopay.enabled").value(false))
        .andExpect(jsonPath("$.autopay.timing").value("ON_DUE_DATE"))
        .andExpect(
            jsonPath("$.importPaymentMethodTypes")
                .value(Matchers.contains("card", "us_bank_account")))
        .andExpect(jsonPath("$.agentPaymentMethodTypes").isEmpty())
        .andExpect(jsonPath("$.customerSync.mode").value("IMPORT_ONLY"))
        .andExpect(jsonPath("$.portalPaymentMethods").value("HIDE"))
        .andExpect(jsonPath("$.notifications.notifyOn").value("ALL"))
        .andExpect(jsonPath("$.notifications.stripeSendsReceipts").value(false));
  }

  @Test
  void validSettingsAreStoredAsSent() throws Exception {
    given(merchants.updateCustomerPaymentSettings(eq(7L), any())).willReturn(true);

    mvc.perform(
            put("/api/v1/merchants/me/settings")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.autopay.timing").value("ON_CREATION"))
        .andExpect(jsonPath("$.achOnlyWithUsd").doesNotExist());

    ArgumentCaptor<CustomerPaymentSettings> stored =
        ArgumentCaptor.forClass(CustomerPaymentSettings.class);
    then(merchants).should().updateCustomerPaymentSettings(eq(7L), stored.capture());
    assertThat(stored.getValue())
        .isEqualTo(
            new CustomerPaymentSettings(
                "USD",
                true,
                "ON_CREATION",
                Set.of("card", "us_bank_account"),
                Set.of("card"),
                SyncMode.TWO_WAY,
                Set.of("email"),
                PortalPaymentMethods.ONLY_IF_SET,
                NotifyOn.FAILURES_ONLY,
                "ar@example.com",
                true));
  }

  @Test
  void achWithAnotherCurrencyIsRefused() throws Exception {
    putInvalid(VALID.replace("\"USD\"", "\"EUR\""), "settlementCurrency");
  }

  @Test
  void aCurrencyStripeDoesNotChargeInIsRefused() throws Exception {
    putInvalid(
        VALID.replace("\"USD\"", "\"XYZ\"").replace(",\"us_bank_account\"", ""),
        "settlementCurrency");
  }

  @Test
  void twoWaySyncWithoutFieldsIsRefused() throws Exception {
    putInvalid(VALID.replace("\"fields\":[\"email\"]", "\"fields\":[]"), "customerSync.fields");
  }

  @Test
  void autopayTimingOffIsNotAMoment() throws Exception {
    putInvalid(VALID.replace("\"ON_CREATION\"", "\"OFF\""), "autopay.timing");
  }

  @Test
  void unknownTypesCurrencyAndCcAreRefused() throws Exception {
    putInvalid(
        VALID
            .replace("\"card\",\"us_bank_account\"", "\"sepa_debit\"")
            .replace("\"USD\"", "\"usd\"")
            .replace("ar@example.com", "not-an-email"),
        "importPaymentMethodTypes[]",
        "settlementCurrency",
        "notifications.ccEmail");
  }

  @Test
  void missingPartsAreRefused() throws Exception {
    putInvalid(
        "{}",
        "settlementCurrency",
        "autopay",
        "importPaymentMethodTypes",
        "agentPaymentMethodTypes",
        "customerSync",
        "portalPaymentMethods",
        "notifications");
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, PORTAL})
  void onlyAnAdminReadsOrChangesSettingsOrKeys(String key) throws Exception {
    mvc.perform(get("/api/v1/merchants/me/settings").header("Authorization", "Bearer " + key))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    mvc.perform(
            put("/api/v1/merchants/me/settings")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isForbidden());
    mvc.perform(
            put("/api/v1/merchants/me/stripe")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"secretKey\":\"sk_test_new_key_1234\",\"publishableKey\":\"pk_test_pub_5678\"}"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(merchants, onboarding);
  }

  @Test
  void newStripeKeysAnswerWithoutTheKey() throws Exception {
    given(onboarding.connectStripe(eq(7L), any()))
        .willReturn(new StripeConnectionResponse("1234", false, "pk_test_pub_5678"));

    String body =
        mvc.perform(
                put("/api/v1/merchants/me/stripe")
                    .header("Authorization", "Bearer " + ADMIN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(
                        "{\"secretKey\":\"sk_test_new_key_1234\",\"publishableKey\":\"pk_test_pub_5678\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.secretKeyLast4").value("1234"))
            .andExpect(jsonPath("$.livemode").value(false))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(body).doesNotContain("sk_test_new_key");
  }

  @Test
  void aMalformedSecretKeyNeverReachesStripe() throws Exception {
    mvc.perform(
            put("/api/v1/merchants/me/stripe")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"secretKey\":\"pk_test_not_a_secret\",\"publishableKey\":\"pk_test_pub_5678\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field").value(Matchers.contains("secretKey")));
    then(onboarding).should(never()).connectStripe(anyLong(), any());
  }

  @Test
  void bothKeysAreNeeded() throws Exception {
    mvc.perform(
            put("/api/v1/merchants/me/stripe")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(Matchers.containsInAnyOrder("secretKey", "publishableKey")));
    then(onboarding).should(never()).connectStripe(anyLong(), any());
  }

  private void putInvalid(String body, String... fields) throws Exception {
    mvc.perform(
            put("/api/v1/merchants/me/settings")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder(fields)));
    then(merchants).should(never()).updateCustomerPaymentSettings(anyLong(), any());
  }
}
