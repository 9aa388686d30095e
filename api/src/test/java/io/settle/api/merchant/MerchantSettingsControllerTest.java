package io.settle.api.merchant;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.api.webhook.WebhookProperties;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.CollectionPolicy.OnExhaustion;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import io.settle.stripe.gateway.webhooks.WebhookEndpointSetup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The settings endpoints with the real service over a mocked store and Stripe. */
@WebMvcTest(MerchantSettingsController.class)
@Import({
  SecurityConfiguration.class,
  MerchantSettings.class,
  MerchantSettingsControllerTest.FixedClock.class
})
@EnableConfigurationProperties(WebhookProperties.class)
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class MerchantSettingsControllerTest {

  private static final String SECRET = "whsec_never_shown_0123456789";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** The API's clock, stopped: what it says is the only "now" a rule may read. */
  @TestConfiguration(proxyBeanMethods = false)
  static class FixedClock {
    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  private static final String URL = "https://settle.example.com/webhooks/stripe/7";

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
  void theCollectionPolicyReadsAsStored() throws Exception {
    given(merchants.collectionPolicy(7)).willReturn(Optional.of(CollectionPolicy.defaults()));

    mvc.perform(
            get("/api/v1/merchants/me/collection-policy").header("Authorization", bearer(ADMIN)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.retryScheduleDays").value(Matchers.contains(1, 3, 5, 7)))
        .andExpect(jsonPath("$.exhaustionPolicy").value("LEAVE_OPEN"))
        .andExpect(jsonPath("$.requiresActionExpiryHours").value(168))
        .andExpect(jsonPath("$.processingPollStartMinutes").value(360))
        .andExpect(jsonPath("$.processingPollMaxMinutes").value(2880))
        .andExpect(jsonPath("$.processingFeeBasisPoints").value(0))
        .andExpect(jsonPath("$.processingPollMaxMinutesAtLeastStart").doesNotExist());
  }

  @Test
  void aValidPolicyIsStoredAndAnswered() throws Exception {
    given(merchants.updateCollectionPolicy(eq(7L), any())).willReturn(true);

    mvc.perform(
            put("/api/v1/merchants/me/collection-policy")
                .header("Authorization", bearer(ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"retryScheduleDays":[2],"exhaustionPolicy":"MARK_UNCOLLECTIBLE",
                     "requiresActionExpiryHours":24,"processingPollStartMinutes":5,
                     "processingPollMaxMinutes":60,"processingFeeBasisPoints":250}
                    """))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.retryScheduleDays").value(Matchers.contains(2)))
        .andExpect(jsonPath("$.exhaustionPolicy").value("MARK_UNCOLLECTIBLE"))
        .andExpect(jsonPath("$.processingFeeBasisPoints").value(250));

    then(merchants)
        .should()
        .updateCollectionPolicy(
            7, new CollectionPolicy(List.of(2), OnExhaustion.MARK_UNCOLLECTIBLE, 24, 5, 60, 250));
  }

  @Test
  void anInvalidPolicyIsAValidationProblemListingEveryField() throws Exception {
    mvc.perform(
            put("/api/v1/merchants/me/collection-policy")
                .header("Authorization", bearer(ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"retryScheduleDays":[1,0,61,1,1,1,1,1,1,1,1],"exhaustionPolicy":null,
                     "requiresActionExpiryHours":721,"processingPollStartMinutes":4,
                     "processingPollMaxMinutes":3,"processingFeeBasisPoints":10001}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(
                    Matchers.containsInAnyOrder(
                        "retryScheduleDays",
                        "retryScheduleDays[1]",
                        "retryScheduleDays[2]",
                        "exhaustionPolicy",
                        "requiresActionExpiryHours",
                        "processingPollStartMinutes",
                        "processingPollMaxMinutes",
                        "processingPollMaxMinutes",
                        "processingFeeBasisPoints")));
    verifyNoInteractions(merchants);
  }

  @Test
  void anAgentKeyMayNotReadOrChangeSettings() throws Exception {
    mvc.perform(
            get("/api/v1/merchants/me/collection-policy").header("Authorization", bearer(AGENT)))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    mvc.perform(
            put("/api/v1/merchants/me/webhook-endpoint")
                .header("Authorization", bearer(AGENT))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"" + URL + "\"}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    verifyNoInteractions(merchants, webhookEndpoints);
  }

  @Test
  void theWebhookEndpointIsSavedAndItsSecretStoredButNeverShown() throws Exception {
    given(merchants.webhookSigningSecret(7)).willReturn(Optional.empty());
    given(webhookEndpoints.ensure(eq(7L), anyString(), eq(URL)))
        .willReturn(
            new WebhookEndpointSetup(
                "we_123", URL, List.of("payment_intent.succeeded"), "2025-01-01", true, SECRET));
    given(merchants.recordWebhookEndpoint(eq(7L), eq("we_123"), eq(SECRET), any()))
        .willReturn(true);

    String body =
        mvc.perform(
                put("/api/v1/merchants/me/webhook-endpoint")
                    .header("Authorization", bearer(ADMIN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\":\"" + URL + "\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.endpointId").value("we_123"))
            .andExpect(jsonPath("$.url").value(URL))
            .andExpect(
                jsonPath("$.enabledEvents").value(Matchers.contains("payment_intent.succeeded")))
            .andExpect(jsonPath("$.secretStored").value(true))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(body).doesNotContain(SECRET).doesNotContain("whsec_");
    // The previous secret, if any, stays valid for the configured 24 hours from now, by the clock
    // the inbox checks it with.
    ArgumentCaptor<Instant> until = ArgumentCaptor.forClass(Instant.class);
    then(merchants)
        .should()
        .recordWebhookEndpoint(eq(7L), eq("we_123"), eq(SECRET), until.capture());
    assertThat(until.getValue()).isEqualTo(NOW.plus(Duration.ofHours(24)));
  }

  @Test
  void aUrlThatIsNotHttpsIsAValidationProblem() throws Exception {
    for (String url :
        List.of(
            "http://settle.example.com/hook",
            "/webhooks/stripe/7",
            "ftp://example.com",
            "https://user@example.com/hook",
            "")) {
      mvc.perform(
              put("/api/v1/merchants/me/webhook-endpoint")
                  .header("Authorization", bearer(ADMIN))
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"url\":\"" + url + "\"}"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
          .andExpect(jsonPath("$.errors[*].field").value(Matchers.everyItem(Matchers.is("url"))));
    }
    then(webhookEndpoints).should(never()).ensure(anyLong(), anyString(), anyString());
  }

  @Test
  void plainHttpIsAcceptedForLocalDevelopment() throws Exception {
    String local = "http://127.0.0.1:8080/webhooks/stripe/7";
    given(merchants.webhookSigningSecret(7)).willReturn(Optional.of(SECRET));
    given(webhookEndpoints.ensure(eq(7L), anyString(), eq(local)))
        .willReturn(new WebhookEndpointSetup("we_9", local, List.of(), "2025-01-01", false, null));
    given(merchants.recordWebhookEndpoint(eq(7L), eq("we_9"), isNull(), any())).willReturn(true);

    mvc.perform(
            put("/api/v1/merchants/me/webhook-endpoint")
                .header("Authorization", bearer(ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"" + local + "\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.secretStored").value(true))
        .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }
}
