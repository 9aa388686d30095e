package io.settle.api.customer;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.AGENT_WITHOUT_PERMISSION;
import static io.settle.api.security.TestKeys.PORTAL;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.workflows.customer.CustomerMappingView;
import io.settle.workflows.customer.CustomerMappingView.Stage;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The customer endpoints' validation and who may call them; the services are mocks. */
@WebMvcTest(CustomerController.class)
@Import(SecurityConfiguration.class)
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class CustomerControllerTest {

  private static final CustomerResponse OWN =
      new CustomerResponse(TestKeys.PORTAL_CUSTOMER, "Initech", null, "cus_1", null, null);

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean CustomerRepository customers;
  @MockitoBean CustomerService service;
  @MockitoBean StripeCustomerMapping mapping;
  @MockitoBean CustomerMappingRuns mappingRuns;
  @MockitoBean PaymentMethodMirror paymentMethods;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @ParameterizedTest
  @ValueSource(strings = {ADMIN, AGENT, AGENT_WITHOUT_PERMISSION})
  void staffMayDoEverything(String key) throws Exception {
    given(service.list(7, true, "ini", 5, null)).willReturn(new CustomerPage(List.of(OWN), null));
    given(service.update(eq(7L), eq(3L), any())).willReturn(OWN);
    given(mapping.map(7, 3, "cus_abc")).willReturn(OWN);
    given(mapping.createAtStripe(7, 3)).willReturn(OWN);
    given(mapping.unmap(7, 3)).willReturn(OWN);
    given(mappingRuns.start(7)).willReturn(run("run-1", Stage.RUNNING));
    given(mappingRuns.find(7, "run-1")).willReturn(Optional.of(run("run-1", Stage.COMPLETED)));
    given(paymentMethods.importFromStripe(7, 3)).willReturn(List.of());
    given(paymentMethods.setDefault(7, 3, "pm_1")).willReturn(List.of());

    mvc.perform(as(key, get("/api/v1/customers?mapped=true&name=ini&limit=5")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.data[0].name").value("Initech"));
    mvc.perform(as(key, patch("/api/v1/customers/3")).content("{\"name\":\"Initrode\"}"))
        .andExpect(status().isOk());
    mvc.perform(
            as(key, put("/api/v1/customers/3/stripe-customer"))
                .content("{\"stripeCustomerId\":\"cus_abc\"}"))
        .andExpect(status().isOk());
    mvc.perform(as(key, post("/api/v1/customers/3/stripe-customer")))
        .andExpect(status().isCreated());
    mvc.perform(as(key, delete("/api/v1/customers/3/stripe-customer"))).andExpect(status().isOk());
    mvc.perform(as(key, post("/api/v1/customers/stripe-mappings")))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/customers/stripe-mappings/run-1"))
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.mapped").isArray());
    mvc.perform(as(key, get("/api/v1/customers/stripe-mappings/run-1")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("COMPLETED"))
        .andExpect(jsonPath("$.mappedCount").value(1))
        .andExpect(jsonPath("$.mapped[0].stripeCustomerId").value("cus_a"));
    mvc.perform(as(key, post("/api/v1/customers/3/payment-methods/import")))
        .andExpect(status().isOk());
    mvc.perform(as(key, put("/api/v1/customers/3/payment-methods/pm_1/default")))
        .andExpect(status().isOk());
  }

  @Test
  void aPortalKeyReadsItsOwnCustomerAndItsMethods() throws Exception {
    given(service.read(7, TestKeys.PORTAL_CUSTOMER)).willReturn(OWN);
    given(paymentMethods.list(7, TestKeys.PORTAL_CUSTOMER)).willReturn(List.of());

    mvc.perform(as(PORTAL, get("/api/v1/customers/" + TestKeys.PORTAL_CUSTOMER)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(TestKeys.PORTAL_CUSTOMER));
    mvc.perform(
            as(PORTAL, get("/api/v1/customers/" + TestKeys.PORTAL_CUSTOMER + "/payment-methods")))
        .andExpect(status().isOk());
  }

  @Test
  void toAPortalKeyAnotherCustomerIsNotFound() throws Exception {
    mvc.perform(as(PORTAL, get("/api/v1/customers/6")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    mvc.perform(as(PORTAL, get("/api/v1/customers/6/payment-methods")))
        .andExpect(status().isNotFound());
    then(service).should(never()).read(anyLong(), anyLong());
  }

  @Test
  void aPortalKeyMayNotListChangeMapOrImport() throws Exception {
    long own = TestKeys.PORTAL_CUSTOMER;
    for (MockHttpServletRequestBuilder request :
        List.of(
            get("/api/v1/customers"),
            post("/api/v1/customers").content("{\"name\":\"New\"}"),
            patch("/api/v1/customers/" + own).content("{\"name\":\"Mine\"}"),
            put("/api/v1/customers/" + own + "/stripe-customer")
                .content("{\"stripeCustomerId\":\"cus_abc\"}"),
            post("/api/v1/customers/" + own + "/stripe-customer"),
            delete("/api/v1/customers/" + own + "/stripe-customer"),
            post("/api/v1/customers/stripe-mappings"),
            get("/api/v1/customers/stripe-mappings/run-1"),
            post("/api/v1/customers/" + own + "/payment-methods/import"),
            put("/api/v1/customers/" + own + "/payment-methods/pm_1/default"))) {
      mvc.perform(as(PORTAL, request))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    }
    verifyNoInteractions(service, mapping, mappingRuns, paymentMethods, customers);
  }

  @Test
  void aRunOfAnotherMerchantOrNoneIsNotFound() throws Exception {
    given(mappingRuns.find(7, "theirs")).willReturn(Optional.empty());

    mvc.perform(as(ADMIN, get("/api/v1/customers/stripe-mappings/theirs")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
  }

  @Test
  void withoutAKeyNothingIsAnswered() throws Exception {
    mvc.perform(get("/api/v1/customers/3")).andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/customers/stripe-mappings")).andExpect(status().isUnauthorized());
  }

  @Test
  void anInvalidChangeIsAValidationProblem() throws Exception {
    mvc.perform(as(ADMIN, patch("/api/v1/customers/3")).content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field").value(Matchers.contains("anyChange")));
    mvc.perform(as(ADMIN, patch("/api/v1/customers/3")).content("{\"name\":\" \",\"email\":\"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[*].field").value(Matchers.hasItems("name", "email")));
    then(service).should(never()).update(anyLong(), anyLong(), any());
  }

  @Test
  void aMappingNeedsAStripeCustomerId() throws Exception {
    for (String body : List.of("{}", "{\"stripeCustomerId\":\"acct_1\"}")) {
      mvc.perform(as(AGENT, put("/api/v1/customers/3/stripe-customer")).content(body))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value("stripeCustomerId"));
    }
    then(mapping).should(never()).map(anyLong(), anyLong(), anyString());
  }

  @Test
  void aNonNumericCustomerIdIsAValidationProblem() throws Exception {
    mvc.perform(as(ADMIN, get("/api/v1/customers/abc")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"));
    then(service).should(never()).list(anyLong(), any(), any(), anyInt(), isNull());
  }

  private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder r) {
    return r.header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
  }

  private static CustomerMappingView run(String runId, Stage stage) {
    return new CustomerMappingView(
        runId,
        7,
        stage,
        1,
        1,
        0,
        0,
        List.of(new CustomerMappingView.Mapped(3, "Initech", "cus_a")),
        List.of(),
        List.of(),
        null);
  }
}
