package io.settle.api.apikey;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.PORTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKey;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.apikey.IssuedApiKey;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Issuing, listing and revoking keys through the web layer, over mocked repositories. */
@WebMvcTest(ApiKeyController.class)
@Import({SecurityConfiguration.class, ApiKeyService.class})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class ApiKeyControllerTest {

  private static final String ISSUED = "stl_0123456789abcdef0123456789abcdef";
  private static final long MERCHANT = 7;

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean CustomerRepository customers;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @Test
  void anAdminIssuesAnAgentKeyAndSeesItOnce() throws Exception {
    given(apiKeys.issue(MERCHANT, "AGENT", "receive_manual_payments", null)).willReturn(ISSUED);
    given(apiKeys.findActiveByToken(ISSUED))
        .willReturn(
            Optional.of(
                new ApiKey(
                    11,
                    MERCHANT,
                    ISSUED.substring(0, 12),
                    "AGENT",
                    "receive_manual_payments",
                    null)));

    send(
            ADMIN,
            post("/api/v1/api-keys"),
            """
            {"role":"AGENT","permissions":["receive_manual_payments","receive_manual_payments"]}
            """)
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/api-keys/11"))
        .andExpect(jsonPath("$.id").value(11))
        .andExpect(jsonPath("$.role").value("AGENT"))
        .andExpect(jsonPath("$.permissions").value(Matchers.contains("receive_manual_payments")))
        .andExpect(jsonPath("$.customerId").doesNotExist())
        .andExpect(jsonPath("$.prefix").value("stl_01234567"))
        .andExpect(jsonPath("$.key").value(ISSUED));
  }

  @Test
  void aPortalKeyIsIssuedForOneOfTheMerchantsCustomers() throws Exception {
    given(customers.findById(MERCHANT, 5))
        .willReturn(
            Optional.of(
                new Customer(
                    5,
                    MERCHANT,
                    "cust_0123456789abcdef0123456789abcdef",
                    "Acme Ltd",
                    null,
                    null,
                    null,
                    LocalDateTime.of(2030, 1, 1, 0, 0))));
    given(apiKeys.issue(MERCHANT, "PORTAL", "", 5L)).willReturn(ISSUED);
    given(apiKeys.findActiveByToken(ISSUED))
        .willReturn(Optional.of(new ApiKey(12, MERCHANT, "stl_01234567", "PORTAL", "", 5L)));

    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"PORTAL\",\"customerId\":5}")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.customerId").value(5))
        .andExpect(jsonPath("$.permissions").isEmpty());
  }

  @Test
  void anotherMerchantsCustomerIsNotFound() throws Exception {
    given(customers.findById(MERCHANT, 99)).willReturn(Optional.empty());

    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"PORTAL\",\"customerId\":99}")
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verify(apiKeys, never()).issue(anyLong(), anyString(), anyString(), any());
  }

  @Test
  void aCustomerIsRequiredForPortalKeysAndRefusedForOthers() throws Exception {
    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"PORTAL\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("customerId"));
    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"ADMIN\",\"customerId\":5}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("customerId"));
    verify(apiKeys, never()).issue(anyLong(), anyString(), anyString(), any());
  }

  @Test
  void anUnknownPermissionOrRoleIsRefused() throws Exception {
    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"AGENT\",\"permissions\":[\"refund\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("permissions"));
    send(ADMIN, post("/api/v1/api-keys"), "{\"role\":\"BOOTSTRAP\"}")
        .andExpect(status().isBadRequest());
    send(ADMIN, post("/api/v1/api-keys"), "{}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("role"));
    verify(apiKeys, never()).issue(anyLong(), anyString(), anyString(), any());
  }

  @Test
  void theListingShowsPrefixesNeverKeys() throws Exception {
    given(apiKeys.listByMerchant(MERCHANT))
        .willReturn(
            List.of(
                new IssuedApiKey(
                    1, "stl_admin_te", "ADMIN", "", null, LocalDateTime.of(2030, 1, 1, 0, 0), null),
                new IssuedApiKey(
                    3,
                    "stl_portal_t",
                    "PORTAL",
                    "",
                    5L,
                    LocalDateTime.of(2030, 1, 1, 0, 0),
                    LocalDateTime.of(2030, 1, 2, 0, 0))));

    mvc.perform(get("/api/v1/api-keys").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[*].prefix").value(Matchers.contains("stl_admin_te", "stl_portal_t")))
        .andExpect(jsonPath("$[1].customerId").value(5))
        .andExpect(jsonPath("$[1].revokedAt").exists())
        .andExpect(jsonPath("$[0].key").doesNotExist())
        .andExpect(content().string(Matchers.not(Matchers.containsString("hash"))));
  }

  @Test
  void anAdminRevokesAKeyAndAnotherMerchantsIsNotFound() throws Exception {
    given(apiKeys.revoke(MERCHANT, 3)).willReturn(true);
    given(apiKeys.revoke(MERCHANT, 4)).willReturn(false);

    mvc.perform(delete("/api/v1/api-keys/3").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNoContent());
    mvc.perform(delete("/api/v1/api-keys/4").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
  }

  @Test
  void onlyAnAdminKeyManagesKeys() throws Exception {
    for (String key : List.of(AGENT, PORTAL)) {
      send(key, post("/api/v1/api-keys"), "{\"role\":\"ADMIN\"}")
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
      mvc.perform(get("/api/v1/api-keys").header("Authorization", "Bearer " + key))
          .andExpect(status().isForbidden());
      mvc.perform(delete("/api/v1/api-keys/1").header("Authorization", "Bearer " + key))
          .andExpect(status().isForbidden());
    }
    mvc.perform(get("/api/v1/api-keys").header("Authorization", "Bearer stl_boot_test"))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/api-keys")).andExpect(status().isUnauthorized());
    verify(apiKeys, never()).issue(anyLong(), anyString(), anyString(), any());
    verify(apiKeys, never()).revoke(anyLong(), anyLong());
  }

  @Test
  void theIssuedKeyIsNeverInTheAnswersText() {
    var created = new ApiKeyCreated(11, "AGENT", List.of(), null, "stl_01234567", ISSUED);

    assertThat(created.toString()).doesNotContain(ISSUED).contains("****");
  }

  private ResultActions send(
      String key,
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      String body)
      throws Exception {
    return mvc.perform(
        request
            .header("Authorization", "Bearer " + key)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }
}
