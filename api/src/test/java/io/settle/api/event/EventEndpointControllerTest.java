package io.settle.api.event;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.notifications.events.HostEventProperties;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpoint;
import io.settle.persistence.event.EventEndpointRepository;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Registering event endpoints with the real service over a mocked store, with private endpoints
 * refused (the production default): loopback and other private addresses, unknown types and
 * non-admin keys never reach the store.
 */
@WebMvcTest(EventEndpointController.class)
@Import({SecurityConfiguration.class, EventEndpoints.class})
@EnableConfigurationProperties(HostEventProperties.class)
@TestPropertySource(
    properties = {
      "settle.api.bootstrap-token=stl_boot_test",
      "settle.events.allow-private-endpoints=false"
    })
class EventEndpointControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean EventEndpointRepository endpoints;
  @MockitoBean EventDeliveryRepository deliveries;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @Test
  void aLoopbackUrlIsRefusedWhenPrivateEndpointsAreNotAllowed() throws Exception {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/events",
            "http://localhost/events",
            "http://169.254.169.254/latest",
            "http://10.0.0.5/events",
            "http://[::1]/events")) {
      mvc.perform(register(url, "[\"invoice.paid\"]", ADMIN))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
          .andExpect(jsonPath("$.errors[0].field").value("url"));
    }
    mvc.perform(register("ftp://93.184.216.34/events", "[\"invoice.paid\"]", ADMIN))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(endpoints);
  }

  @Test
  void anUnknownEventTypeIsRefused() throws Exception {
    mvc.perform(
            register("http://93.184.216.34/events", "[\"invoice.paid\",\"invoice.eaten\"]", ADMIN))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("eventTypes"));
    mvc.perform(register("http://93.184.216.34/events", "[]", ADMIN))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(endpoints);
  }

  @Test
  void onlyAnAdminKeyRegisters() throws Exception {
    mvc.perform(register("http://93.184.216.34/events", "[\"invoice.paid\"]", AGENT))
        .andExpect(status().isForbidden());
    verifyNoInteractions(endpoints);
  }

  @Test
  void aPublicEndpointIsStoredWithANewSecretShownOnceThenNeverAgain() throws Exception {
    ArgumentCaptor<String> secret = ArgumentCaptor.forClass(String.class);
    EventEndpoint stored =
        new EventEndpoint(
            3,
            TestKeys.MERCHANT,
            "http://93.184.216.34/events",
            "invoice.paid,payment.succeeded",
            "encrypted",
            null,
            LocalDateTime.of(2026, 12, 4, 5, 0),
            null);
    given(endpoints.create(eq(TestKeys.MERCHANT), anyString(), any(), secret.capture(), any()))
        .willReturn(stored);
    given(endpoints.find(TestKeys.MERCHANT, 3)).willReturn(Optional.of(stored));

    mvc.perform(
            register(
                "http://93.184.216.34/events", "[\"invoice.paid\",\"payment.succeeded\"]", ADMIN))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.id").value(3))
        .andExpect(jsonPath("$.eventTypes[1]").value("payment.succeeded"))
        .andExpect(
            result ->
                assertThat(result.getResponse().getContentAsString())
                    .contains("\"secret\":\"" + secret.getValue() + "\""));
    assertThat(secret.getValue()).startsWith("evsec_");

    mvc.perform(get("/api/v1/event-endpoints/3").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.secret").value(org.hamcrest.Matchers.nullValue()));
    given(endpoints.find(anyLong(), eq(4L))).willReturn(Optional.empty());
    mvc.perform(get("/api/v1/event-endpoints/4").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound());
  }

  private static org.springframework.test.web.servlet.RequestBuilder register(
      String url, String types, String key) {
    return post("/api/v1/event-endpoints")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"url\":\"" + url + "\",\"eventTypes\":" + types + "}");
  }
}
