package io.settle.api.payall;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.AGENT_WITHOUT_PERMISSION;
import static io.settle.api.security.TestKeys.MERCHANT;
import static io.settle.api.security.TestKeys.PORTAL;
import static io.settle.api.security.TestKeys.PORTAL_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.invoice.ManualPaymentMethods;
import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.payall.PayAllInput;
import io.settle.workflows.payall.PayAllView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The portal's payments and payment links at the web layer, with the real {@link CustomerPayments}
 * deciding who may pay what, over mocked records and a mocked pay-all workflow.
 */
@WebMvcTest(
    controllers = {
      PortalPaymentController.class,
      PaymentLinkController.class,
      AgentPaymentController.class
    })
@Import({
  SecurityConfiguration.class,
  CustomerPayments.class,
  PayAllConfiguration.class,
  ManualPaymentMethods.class
})
// The API on another port than 8080, as bin/run with SETTLE_API_PORT puts it: links follow it.
@TestPropertySource(properties = {"settle.api.bootstrap-token=stl_boot_test", "server.port=18080"})
class CustomerPaymentsControllerTest {

  private static final long OTHER_CUSTOMER = 6;

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean InvoiceRepository invoices;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean PayAllWorkflows workflows;
  @MockitoBean NotificationOutbox outbox;
  @MockitoBean NotificationRepository notifications;
  @MockitoBean CustomerRepository customers;
  @MockitoBean PaymentMethodRepository paymentMethods;
  @MockitoBean StripePaymentMethods stripe;

  @BeforeEach
  void keysAndRecords() {
    TestKeys.givenMerchantKeys(apiKeys);
    given(merchants.findById(MERCHANT))
        .willReturn(
            Optional.of(
                new Merchant(MERCHANT, "Acme", "USD", "ON_CREATION", "4242", "pk", false, null)));
    given(invoices.findById(MERCHANT, 1))
        .willReturn(Optional.of(invoice(1, PORTAL_CUSTOMER, 5_000)));
    given(invoices.findById(MERCHANT, 2)).willReturn(Optional.of(invoice(2, OTHER_CUSTOMER, 700)));
    given(invoices.findById(MERCHANT, 3)).willReturn(Optional.of(invoice(3, PORTAL_CUSTOMER, 0)));
    given(invoices.findByKey("inv_key1"))
        .willReturn(Optional.of(invoice(1, PORTAL_CUSTOMER, 5_000)));
  }

  @Test
  void invalidPaymentRequestsNameEveryField() throws Exception {
    portalPays("{\"invoiceIds\":[-1],\"currency\":\"dollars\",\"paymentMethodId\":\"\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(
                    Matchers.containsInAnyOrder("invoiceIds[0]", "currency", "paymentMethodId")));
    verifyNoInteractions(workflows);
  }

  @Test
  void onlyAPortalKeyPaysFromThePortal() throws Exception {
    for (String key : List.of(ADMIN, AGENT)) {
      mvc.perform(
              post("/api/v1/portal/payments")
                  .header("Authorization", "Bearer " + key)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{}"))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    }
    mvc.perform(
            post("/api/v1/portal/payments").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnauthorized());
    verifyNoInteractions(workflows);
  }

  @Test
  void anotherCustomersInvoiceIsNotFoundAndNothingStarts() throws Exception {
    portalPays("{\"invoiceIds\":[1,2]}")
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verifyNoInteractions(workflows);
  }

  @Test
  void newDetailsAndASavedMethodTogetherAreRefused() throws Exception {
    portalPays("{\"invoiceIds\":[1],\"newPaymentMethod\":true,\"paymentMethodId\":\"pm_1\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
    verifyNoInteractions(workflows);
  }

  @Test
  void nothingOutstandingIsAConflict() throws Exception {
    given(invoices.outstanding(MERCHANT, PORTAL_CUSTOMER, "USD")).willReturn(List.of());
    portalPays("{}").andExpect(status().isConflict());
    verifyNoInteractions(workflows);
  }

  @Test
  void allOutstandingInvoicesArePaidWithTheSavedMethodInTheMerchantsCurrency() throws Exception {
    given(invoices.outstanding(MERCHANT, PORTAL_CUSTOMER, "USD"))
        .willReturn(List.of(invoice(1, PORTAL_CUSTOMER, 5_000), invoice(4, PORTAL_CUSTOMER, 300)));
    given(workflows.startAndWait(anyString(), any(), anyString()))
        .willAnswer(
            call -> {
              PayAllInput input = call.getArgument(1);
              return view(input.batchId(), PORTAL_CUSTOMER, PayAllView.Stage.SUCCEEDED);
            });

    portalPays("{}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", Matchers.startsWith("/api/v1/portal/payments/pa_")))
        .andExpect(jsonPath("$.stage").value("SUCCEEDED"))
        .andExpect(jsonPath("$.amount").value(5_300));

    ArgumentCaptor<PayAllInput> input = ArgumentCaptor.forClass(PayAllInput.class);
    verify(workflows).startAndWait(anyString(), input.capture(), anyString());
    assertThat(input.getValue().invoiceIds()).containsExactly(1L, 4L);
    assertThat(input.getValue().customerId()).isEqualTo(PORTAL_CUSTOMER);
    assertThat(input.getValue().how()).isEqualTo(PayAllInput.How.SAVED);
    assertThat(input.getValue().currency()).isEqualTo("USD");
  }

  @Test
  void thePortalsPayAllWithASavedMethodOfATypeNotTakenByHandIsRefused() throws Exception {
    takesByHand("card");
    given(paymentMethods.find(MERCHANT, "pm_bank"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    9,
                    MERCHANT,
                    PORTAL_CUSTOMER,
                    "pm_bank",
                    "us_bank_account",
                    "Bank",
                    "6789",
                    null,
                    null,
                    false,
                    "VERIFIED")));

    portalPays("{\"invoiceIds\":[1],\"paymentMethodId\":\"pm_bank\"}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
    verifyNoInteractions(workflows);
  }

  @Test
  void anAgentTakesNewDetailsOfAnAllowedTypeOnly() throws Exception {
    takesByHand("card");
    given(workflows.startAndWait(anyString(), any(), anyString()))
        .willAnswer(
            call -> {
              PayAllInput input = call.getArgument(1);
              return view(
                  input.batchId(),
                  PORTAL_CUSTOMER,
                  PayAllView.Stage.AWAITING_CUSTOMER,
                  PaymentSource.AGENT);
            });

    agentSession(AGENT_WITHOUT_PERMISSION, "card").andExpect(status().isForbidden());
    agentSession(PORTAL, "card").andExpect(status().isForbidden());
    agentSession(AGENT, "us_bank_account")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodType"));
    verifyNoInteractions(workflows);

    agentSession(AGENT, "card")
        .andExpect(status().isCreated())
        .andExpect(
            header()
                .string("Location", Matchers.startsWith("/api/v1/invoices/1/payment-sessions/pa_")))
        .andExpect(jsonPath("$.stage").value("AWAITING_CUSTOMER"));
    ArgumentCaptor<PayAllInput> input = ArgumentCaptor.forClass(PayAllInput.class);
    verify(workflows).startAndWait(anyString(), input.capture(), anyString());
    assertThat(input.getValue().how()).isEqualTo(PayAllInput.How.ON_SESSION);
    assertThat(input.getValue().source()).isEqualTo(PaymentSource.AGENT);
    assertThat(input.getValue().paymentMethodType()).isEqualTo("card");
    assertThat(input.getValue().invoiceIds()).containsExactly(1L);
  }

  private ResultActions agentSession(String key, String type) throws Exception {
    return agentSession(1, key, type);
  }

  private ResultActions agentSession(long invoiceId, String key, String type) throws Exception {
    return mvc.perform(
        post("/api/v1/invoices/" + invoiceId + "/payment-sessions")
            .header("Authorization", "Bearer " + key)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"paymentMethodType\":\"" + type + "\"}"));
  }

  @Test
  void anAgentsBankDebitIsForUsDollarInvoicesOnly() throws Exception {
    takesByHand("card", "us_bank_account");
    given(invoices.findById(MERCHANT, 6))
        .willReturn(Optional.of(invoice(6, PORTAL_CUSTOMER, 4_000, "EUR")));

    agentSession(6, AGENT, "us_bank_account")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodType"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("EUR")));
    verifyNoInteractions(workflows);
  }

  @Test
  void aTypeNotAllowedIsNamedWithTheTypesThatAre() throws Exception {
    takesByHand("card");

    agentSession(1, ADMIN, "us_bank_account")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:payment-method-type-not-allowed"))
        .andExpect(jsonPath("$.paymentMethodType").value("us_bank_account"))
        .andExpect(jsonPath("$.allowedTypes").value(Matchers.contains("card")));
    verifyNoInteractions(workflows);
  }

  @Test
  void anInvoiceItsWorkflowWillNotReserveIsAConflictNotASession() throws Exception {
    takesByHand("card");
    given(workflows.startAndWait(anyString(), any(), anyString()))
        .willAnswer(
            call -> {
              PayAllInput input = call.getArgument(1);
              return new PayAllView(
                  input.batchId(),
                  MERCHANT,
                  PORTAL_CUSTOMER,
                  PayAllView.Stage.FAILED,
                  List.of(),
                  0,
                  "USD",
                  null,
                  null,
                  null,
                  null,
                  PayAllView.NOT_PAYABLE,
                  "Invoice 1 cannot be paid now: a payment is processing",
                  null,
                  PaymentSource.AGENT);
            });

    agentSession(1, AGENT, "card")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("processing")))
        .andExpect(jsonPath("$.invoiceId").value(1));
  }

  @Test
  void anAgentReadsTheInvoicesAgentSessionsOnly() throws Exception {
    given(workflows.status(WorkflowIds.payAll("pa_agent")))
        .willReturn(
            view(
                "pa_agent",
                PORTAL_CUSTOMER,
                PayAllView.Stage.AWAITING_CUSTOMER,
                PaymentSource.AGENT));
    given(workflows.status(WorkflowIds.payAll("pa_portal")))
        .willReturn(view("pa_portal", PORTAL_CUSTOMER, PayAllView.Stage.AWAITING_CUSTOMER));

    for (String key : List.of(ADMIN, AGENT)) {
      readSession(key, 1, "pa_agent")
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.id").value("pa_agent"))
          .andExpect(jsonPath("$.stage").value("AWAITING_CUSTOMER"));
    }
    readSession(AGENT, 2, "pa_agent").andExpect(status().isNotFound());
    readSession(AGENT, 1, "pa_portal").andExpect(status().isNotFound());
    readSession(AGENT, 1, "link-1-x").andExpect(status().isNotFound());
    readSession(AGENT_WITHOUT_PERMISSION, 1, "pa_agent").andExpect(status().isForbidden());
    readSession(PORTAL, 1, "pa_agent").andExpect(status().isForbidden());
  }

  @Test
  void thePortalsPayAllWithTheAutoPayMethodFollowsTheSettingToo() throws Exception {
    takesByHand("card");
    given(customers.findById(MERCHANT, PORTAL_CUSTOMER))
        .willReturn(
            Optional.of(
                new Customer(
                    PORTAL_CUSTOMER,
                    MERCHANT,
                    "cust_5",
                    "Acme Ltd",
                    null,
                    "cus_5",
                    "pm_ach",
                    LocalDateTime.of(2026, 11, 1, 9, 0))));
    given(stripe.typeOf(MERCHANT, "pm_ach")).willReturn(Optional.of("us_bank_account"));

    portalPays("{\"invoiceIds\":[1]}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:payment-method-type-not-allowed"))
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
    verifyNoInteractions(workflows);
  }

  @Test
  void thePortalsNewDetailsNeedAnAllowedTypeThatPaysTheCurrency() throws Exception {
    takesByHand("us_bank_account");
    given(invoices.outstanding(MERCHANT, PORTAL_CUSTOMER, "EUR"))
        .willReturn(List.of(invoice(6, PORTAL_CUSTOMER, 4_000, "EUR")));

    portalPays("{\"currency\":\"EUR\",\"newPaymentMethod\":true}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:payment-method-type-not-allowed"))
        .andExpect(jsonPath("$.errors[0].field").value("newPaymentMethod"));
    verifyNoInteractions(workflows);
  }

  private ResultActions readSession(String key, long invoiceId, String sessionId) throws Exception {
    return mvc.perform(
        get("/api/v1/invoices/" + invoiceId + "/payment-sessions/" + sessionId)
            .header("Authorization", "Bearer " + key));
  }

  private void takesByHand(String... types) {
    given(merchants.customerPaymentSettings(MERCHANT))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    Set.of("card", "us_bank_account"),
                    Set.of(types),
                    CustomerPaymentSettings.SyncMode.OFF,
                    Set.of(),
                    CustomerPaymentSettings.PortalPaymentMethods.SHOW,
                    CustomerPaymentSettings.NotifyOn.ALL,
                    null,
                    false)));
  }

  @Test
  void anotherCustomersPaymentIsNotFound() throws Exception {
    given(workflows.status(WorkflowIds.payAll("pa_other")))
        .willReturn(view("pa_other", OTHER_CUSTOMER, PayAllView.Stage.SUCCEEDED));
    mvc.perform(get("/api/v1/portal/payments/pa_other").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/portal/payments/link-1-x").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isNotFound());
  }

  @Test
  void openingALinkNeedsNoKeyAndRedirectsToTheCheckoutPage() throws Exception {
    given(workflows.startAndWait(eq(WorkflowIds.paymentLink(1)), any(), anyString()))
        .willReturn(view("link-1-abc", PORTAL_CUSTOMER, PayAllView.Stage.AWAITING_CUSTOMER));

    mvc.perform(get("/pay/inv_key1"))
        .andExpect(status().isSeeOther())
        .andExpect(header().string("Location", "https://checkout.test/cs_1"));
  }

  @Test
  void aPathTheFirewallRefusesIsAProblemToo() throws Exception {
    mvc.perform(get(java.net.URI.create("/pay/inv%25key1/paid")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:malformed-request"))
        .andExpect(jsonPath("$.title").value("Malformed request"));
    verifyNoInteractions(workflows);
  }

  @Test
  void anUnknownLinkIsNotFound() throws Exception {
    mvc.perform(get("/pay/inv_nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verifyNoInteractions(workflows);
  }

  @Test
  void aZeroTotalInvoiceHasNoLinkAndAPortalKeySeesOnlyItsOwnInvoicesLinks() throws Exception {
    mvc.perform(get("/api/v1/invoices/3/payment-link").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isConflict());
    mvc.perform(get("/api/v1/invoices/2/payment-link").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/invoices/1/payment-link").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.url").value("http://localhost:18080/pay/inv_key1"));
    mvc.perform(get("/api/v1/invoices/1/payment-link")).andExpect(status().isUnauthorized());
  }

  private ResultActions portalPays(String body) throws Exception {
    return mvc.perform(
        post("/api/v1/portal/payments")
            .header("Authorization", "Bearer " + PORTAL)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private static Invoice invoice(long id, long customerId, long total) {
    return invoice(id, customerId, total, "USD");
  }

  private static Invoice invoice(long id, long customerId, long total, String currency) {
    return new Invoice(
        id,
        MERCHANT,
        "inv_key" + id,
        "INV-" + id,
        customerId,
        currency,
        total,
        0,
        InvoiceStatus.OPEN,
        LocalDate.of(2026, 12, 1),
        "OFF",
        LocalDateTime.of(2026, 11, 1, 9, 0),
        LocalDateTime.of(2026, 11, 1, 9, 0),
        null);
  }

  private static PayAllView view(String batchId, long customerId, PayAllView.Stage stage) {
    return view(batchId, customerId, stage, PaymentSource.PORTAL);
  }

  private static PayAllView view(
      String batchId, long customerId, PayAllView.Stage stage, PaymentSource source) {
    return new PayAllView(
        batchId,
        MERCHANT,
        customerId,
        stage,
        List.of(new PayAllView.Share(1, 5_000), new PayAllView.Share(4, 300)),
        5_300,
        "USD",
        "pi_1",
        null,
        "https://checkout.test/cs_1",
        Instant.parse("2026-11-01T10:00:00Z"),
        null,
        null,
        null,
        source);
  }
}
