package io.settle.api.invoice;

import static io.settle.api.security.TestKeys.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
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

/** The web layer alone: validation, authentication and problem details. */
@WebMvcTest(InvoiceController.class)
@Import(SecurityConfiguration.class)
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class InvoiceControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean InvoiceService service;
  @MockitoBean InvoiceActions actions;
  @MockitoBean ApiKeyRepository apiKeys;

  @BeforeEach
  void anAdminKey() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @Test
  void anInvalidInvoiceIsAValidationProblemListingEveryField() throws Exception {
    mvc.perform(
            post("/api/v1/invoices")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"number":"","customerId":-1,"currency":"usd","lines":[{"description":"x","amount":-5}]}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.title").value("Invalid request"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(
                    Matchers.containsInAnyOrder(
                        "number", "customerId", "currency", "dueDate", "lines[0].amount")))
        .andExpect(jsonPath("$.trace").doesNotExist());
    verifyNoInteractions(service);
  }

  @Test
  void malformedJsonIsAProblemWithoutInternals() throws Exception {
    mvc.perform(
            post("/api/v1/invoices")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"number\": "))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:malformed-request"))
        .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))));
  }

  @Test
  void withoutAKeyTheAnswerIs401() throws Exception {
    mvc.perform(get("/api/v1/invoices/1"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:unauthenticated"));
    mvc.perform(get("/api/v1/invoices/1").header("Authorization", "Bearer stl_not_a_key"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void theBootstrapTokenCannotReadInvoices() throws Exception {
    mvc.perform(get("/api/v1/invoices/1").header("Authorization", "Bearer stl_boot_test"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
  }

  @Test
  void anUnknownInvoiceIsANotFoundProblem() throws Exception {
    given(service.read(any(Caller.class), anyLong())).willThrow(ApiProblem.notFound("invoice", 99));

    mvc.perform(get("/api/v1/invoices/99").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"))
        .andExpect(jsonPath("$.status").value(404));
  }

  @Test
  void anInvoiceIdThatIsNotANumberIsAValidationProblem() throws Exception {
    mvc.perform(get("/api/v1/invoices/abc").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("id"))
        .andExpect(jsonPath("$.detail").value("'id' must be a whole number."));
  }
}
