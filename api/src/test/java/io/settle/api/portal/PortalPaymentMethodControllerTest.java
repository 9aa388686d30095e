package io.settle.api.portal;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.PORTAL;
import static io.settle.api.security.TestKeys.PORTAL_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.customer.PaymentMethodMirror;
import io.settle.api.customer.PaymentMethodResponse;
import io.settle.api.customer.StripeCustomerMapping;
import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.setup.MicrodepositProof;
import io.settle.stripe.gateway.setup.SetupRequest;
import io.settle.stripe.gateway.setup.SetupSession;
import io.settle.stripe.gateway.setup.SetupState;
import io.settle.stripe.gateway.setup.StripeSetupIntents;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The portal's payment method endpoints with the real service over mocked store and Stripe. */
@WebMvcTest(PortalPaymentMethodController.class)
@Import({SecurityConfiguration.class, PortalPaymentMethodService.class})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class PortalPaymentMethodControllerTest {

  private static final long CUSTOMER = PORTAL_CUSTOMER;

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean CustomerRepository customers;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean PaymentMethodMirror mirror;
  @MockitoBean StripeCustomerMapping mapping;
  @MockitoBean StripeSetupIntents setupIntents;

  @BeforeEach
  void aPortalCustomerOfAUsdMerchant() {
    TestKeys.givenMerchantKeys(apiKeys);
    customer("pm_card");
    settings("USD", PortalPaymentMethods.SHOW);
    given(merchants.findById(7))
        .willReturn(
            Optional.of(
                new Merchant(7, "Acme", "USD", "OFF", "4242", "pk_test_acme", false, null)));
    given(mirror.list(7, CUSTOMER))
        .willReturn(
            List.of(
                new PaymentMethodResponse(
                    "pm_card", "card", "visa", "4242", 12, 2030, true, null)));
  }

  @Test
  void myMethodsShowWhatPaysAutomaticallyAndWhetherIMayChangeIt() throws Exception {
    mvc.perform(get("/api/v1/portal/payment-methods").header("Authorization", bearer(PORTAL)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.paymentMethods[0].id").value("pm_card"))
        .andExpect(jsonPath("$.autopayPaymentMethodId").value("pm_card"))
        .andExpect(jsonPath("$.autopaySetting").value("SHOW"))
        .andExpect(jsonPath("$.mayChangeAutopay").value(true));
  }

  @Test
  void aSetupIntentOffersCardAndAchInUsd() throws Exception {
    given(mapping.ensureStripeCustomer(7, CUSTOMER)).willReturn("cus_5");
    given(setupIntents.createForSession(any()))
        .willReturn(new SetupSession("seti_1", "seti_1_secret_x", "requires_payment_method"));

    mvc.perform(post("/api/v1/portal/setup-intents").header("Authorization", bearer(PORTAL)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.setupIntentId").value("seti_1"))
        .andExpect(jsonPath("$.clientSecret").value("seti_1_secret_x"))
        .andExpect(jsonPath("$.publishableKey").value("pk_test_acme"))
        .andExpect(jsonPath("$.paymentMethodTypes[0]").value("card"))
        .andExpect(jsonPath("$.paymentMethodTypes[1]").value("us_bank_account"));

    ArgumentCaptor<SetupRequest> request = ArgumentCaptor.forClass(SetupRequest.class);
    then(setupIntents).should().createForSession(request.capture());
    assertThat(request.getValue().stripeCustomerId()).isEqualTo("cus_5");
    assertThat(request.getValue().allowedTypes())
        .containsExactlyInAnyOrder(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT);
  }

  @Test
  void achIsNotOfferedOutsideUsd() throws Exception {
    settings("EUR", PortalPaymentMethods.SHOW);
    given(mapping.ensureStripeCustomer(7, CUSTOMER)).willReturn("cus_5");
    given(setupIntents.createForSession(any()))
        .willReturn(new SetupSession("seti_1", "seti_1_secret_x", "requires_payment_method"));

    mvc.perform(post("/api/v1/portal/setup-intents").header("Authorization", bearer(PORTAL)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.paymentMethodTypes").value(org.hamcrest.Matchers.contains("card")));
  }

  @Test
  void theRightAmountsVerifyTheAccountAndImportIt() throws Exception {
    given(setupIntents.find(7, "seti_1"))
        .willReturn(
            Optional.of(
                new SetupState("seti_1", "requires_action", "cus_5", "pm_bank", null, null, null)));

    mvc.perform(
            post("/api/v1/portal/setup-intents/seti_1/verify-microdeposits")
                .header("Authorization", bearer(PORTAL))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"amounts\":[32,45]}"))
        .andExpect(status().isOk());

    then(setupIntents)
        .should()
        .verifyMicrodeposits(
            eq(7L), anyString(), eq("seti_1"), eq(new MicrodepositProof.Amounts(32, 45)));
    then(mirror).should().importFromStripe(7, CUSTOMER);
  }

  @Test
  void wrongAmountsAreA422WithStripesCode() throws Exception {
    given(setupIntents.find(7, "seti_1"))
        .willReturn(
            Optional.of(
                new SetupState("seti_1", "requires_action", "cus_5", "pm_bank", null, null, null)));
    given(setupIntents.verifyMicrodeposits(eq(7L), anyString(), eq("seti_1"), any()))
        .willThrow(
            new GatewayException(
                GatewayException.Kind.INVALID_REQUEST,
                "The amounts provided do not match the amounts that were sent to the bank account.",
                "payment_method_microdeposit_verification_amounts_mismatch",
                "req_1",
                400,
                null));

    mvc.perform(
            post("/api/v1/portal/setup-intents/seti_1/verify-microdeposits")
                .header("Authorization", bearer(PORTAL))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"amounts\":[10,11]}"))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:stripe-refused"))
        .andExpect(
            jsonPath("$.stripeCode")
                .value("payment_method_microdeposit_verification_amounts_mismatch"));
    then(mirror).should(never()).importFromStripe(anyLong(), anyLong());
  }

  @Test
  void anotherCustomersSetupIntentIsNotFound() throws Exception {
    given(setupIntents.find(7, "seti_2"))
        .willReturn(
            Optional.of(
                new SetupState("seti_2", "requires_action", "cus_other", null, null, null, null)));

    mvc.perform(
            post("/api/v1/portal/setup-intents/seti_2/verify-microdeposits")
                .header("Authorization", bearer(PORTAL))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"descriptorCode\":\"SM11AA\"}"))
        .andExpect(status().isNotFound());
    then(setupIntents).should(never()).verifyMicrodeposits(anyLong(), any(), any(), any());
  }

  @Test
  void anotherMerchantsSetupIntentIsNotFound() throws Exception {
    given(setupIntents.find(7, "seti_elsewhere")).willReturn(Optional.empty());

    mvc.perform(
            post("/api/v1/portal/setup-intents/seti_elsewhere/verify-microdeposits")
                .header("Authorization", bearer(PORTAL))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"descriptorCode\":\"SM11AA\"}"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    then(setupIntents).should(never()).verifyMicrodeposits(anyLong(), any(), any(), any());
  }

  @Test
  void aProofIsEitherAmountsOrACode() throws Exception {
    for (String body :
        List.of(
            "{}",
            "{\"amounts\":[32]}",
            "{\"amounts\":[32,45],\"descriptorCode\":\"SM11AA\"}",
            "{\"descriptorCode\":\"XX\"}")) {
      mvc.perform(
              post("/api/v1/portal/setup-intents/seti_1/verify-microdeposits")
                  .header("Authorization", bearer(PORTAL))
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(body))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"));
    }
    verifyNoInteractions(setupIntents);
  }

  @Test
  void withShowTheCustomerChoosesTheAutopayMethod() throws Exception {
    mvc.perform(
            put("/api/v1/portal/payment-methods/pm_bank/autopay")
                .header("Authorization", bearer(PORTAL)))
        .andExpect(status().isOk());
    then(mirror).should().setDefault(7, CUSTOMER, "pm_bank");
  }

  @Test
  void withOnlyIfSetTheCustomerChangesOnlyAnExistingChoice() throws Exception {
    settings("USD", PortalPaymentMethods.ONLY_IF_SET);
    mvc.perform(
            put("/api/v1/portal/payment-methods/pm_bank/autopay")
                .header("Authorization", bearer(PORTAL)))
        .andExpect(status().isOk());

    customer(null);
    mvc.perform(
            put("/api/v1/portal/payment-methods/pm_bank/autopay")
                .header("Authorization", bearer(PORTAL)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"))
        .andExpect(jsonPath("$.autopaySetting").value("ONLY_IF_SET"));
    then(mirror).should().setDefault(7, CUSTOMER, "pm_bank");
  }

  @Test
  void withHideTheCustomerMayNotChoose() throws Exception {
    settings("USD", PortalPaymentMethods.HIDE);

    mvc.perform(
            put("/api/v1/portal/payment-methods/pm_bank/autopay")
                .header("Authorization", bearer(PORTAL)))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.autopaySetting").value("HIDE"));
    then(mirror).should(never()).setDefault(anyLong(), anyLong(), anyString());
  }

  @ParameterizedTest
  @ValueSource(strings = {ADMIN, AGENT})
  void staffKeysAreNotPortalKeys(String key) throws Exception {
    mvc.perform(get("/api/v1/portal/payment-methods").header("Authorization", bearer(key)))
        .andExpect(status().isForbidden());
    mvc.perform(post("/api/v1/portal/setup-intents").header("Authorization", bearer(key)))
        .andExpect(status().isForbidden());
    mvc.perform(
            put("/api/v1/portal/payment-methods/pm_1/autopay").header("Authorization", bearer(key)))
        .andExpect(status().isForbidden());
    verifyNoInteractions(mirror, setupIntents, mapping);
  }

  private void customer(String autopayMethod) {
    given(customers.findById(7, CUSTOMER))
        .willReturn(
            Optional.of(
                new Customer(
                    CUSTOMER,
                    7,
                    "cust_0123456789abcdef0123456789abcdef",
                    "Initech",
                    null,
                    "cus_5",
                    autopayMethod,
                    LocalDateTime.now())));
  }

  private void settings(String currency, PortalPaymentMethods portal) {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    currency,
                    true,
                    "ON_DUE_DATE",
                    Set.of("card", "us_bank_account"),
                    Set.of(),
                    SyncMode.OFF,
                    Set.of(),
                    portal,
                    NotifyOn.ALL,
                    null,
                    false)));
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }
}
