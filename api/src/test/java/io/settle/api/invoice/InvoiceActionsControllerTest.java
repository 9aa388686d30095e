package io.settle.api.invoice;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.AGENT_WITHOUT_PERMISSION;
import static io.settle.api.security.TestKeys.PORTAL;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.Refusal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

/**
 * The invoice actions through the web layer, with the real {@link InvoiceActions} between the
 * controller and a mocked record and workflow: validation, scoping, and how refusals answer.
 */
@WebMvcTest(InvoiceController.class)
@Import({SecurityConfiguration.class, InvoiceActions.class, ManualPaymentMethods.class})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class InvoiceActionsControllerTest {

  private static final long MERCHANT = 7;
  private static final long INVOICE = 42;

  @Autowired MockMvc mvc;
  @MockitoBean InvoiceService service;
  @MockitoBean InvoiceRepository invoices;
  @MockitoBean InvoiceWorkflows workflows;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean CustomerRepository customers;
  @MockitoBean PaymentMethodRepository paymentMethods;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean StripePaymentMethods stripe;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
    for (long customer : new long[] {3, 4, 5}) {
      given(customers.findById(MERCHANT, customer)).willReturn(Optional.of(customer(customer)));
    }
    // The default merchant takes cards by hand, and Stripe's methods (pm_card_visa, …) are cards.
    merchantTakesByHand(Set.of("card"), Set.of());
    given(stripe.typeOf(eq(MERCHANT), anyString())).willReturn(Optional.of("card"));
  }

  private static Customer customer(long id) {
    return customer(id, "pm_card_visa");
  }

  private static Customer customer(long id, String autopayMethod) {
    return new Customer(
        id,
        MERCHANT,
        "cust_" + id,
        "Acme Ltd",
        "ap@acme.test",
        "cus_" + id,
        autopayMethod,
        LocalDateTime.of(2030, 1, 1, 0, 0));
  }

  @Test
  void aCardAnotherCustomerHoldsIsRefusedUpFrontAndNothingIsCharged() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(paymentMethods.find(MERCHANT, "pm_theirs"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    9, MERCHANT, 99, "pm_theirs", "card", "visa", "4242", 12, 2031, false, null)));

    send(
            ADMIN,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"paymentMethodId\":\"pm_theirs\"}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
    verify(workflows, never()).chargeNow(anyLong(), any());
  }

  // ---- charge -----------------------------------------------------------------------------------

  @Test
  void anAgentsChargeAnswersWithTheAttempt() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willReturn(
            new AttemptView(2, "key", 5_000, PaymentOutcome.SUCCEEDED, "pi_123", null, null));

    send(AGENT, post("/api/v1/invoices/" + INVOICE + "/charge"), "{\"amount\":5000}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.number").value(2))
        .andExpect(jsonPath("$.amount").value(5_000))
        .andExpect(jsonPath("$.outcome").value("SUCCEEDED"))
        .andExpect(jsonPath("$.paymentIntentId").value("pi_123"))
        .andExpect(jsonPath("$.idempotencyKey").doesNotExist());
    verify(workflows).chargeNow(INVOICE, new ChargeNow(null, 5_000L, ChargeNow.ChargeSource.AGENT));
  }

  @Test
  void aChargeTheWorkflowRefusesIsAConflictWithItsReason() throws Exception {
    theInvoiceIs(InvoiceStatus.PROCESSING, 10_000, 0);
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willThrow(
            refusedBy(
                ApplicationFailure.newFailure(
                    "A payment for this invoice is processing; a second charge is refused until"
                        + " it ends.",
                    Refusal.FAILURE_TYPE,
                    Refusal.Kind.BUSY)));

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/charge"), "{}")
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("is processing")))
        .andExpect(jsonPath("$.invoiceId").value(INVOICE))
        .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))));
  }

  @Test
  void aChargeRefusedWhilePausedIsServiceUnavailable() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willThrow(
            refusedBy(
                ApplicationFailure.newFailure(
                    "The charge could not start: Invalid API Key provided",
                    Refusal.FAILURE_TYPE,
                    Refusal.Kind.UNAVAILABLE)));

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/charge"), "{}")
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:stripe-unavailable"));
  }

  @Test
  void anAmountTheWorkflowFindsTooLargeIsAValidationProblem() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willThrow(
            refusedBy(
                ApplicationFailure.newFailure(
                    "The amount must be between 1 and 4000 (what is owed), in minor units.",
                    Refusal.FAILURE_TYPE,
                    Refusal.Kind.AMOUNT)));

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/charge"), "{\"amount\":6000}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("amount"));
  }

  @Test
  void chargingMoreThanTheRecordShowsOwedIsRefusedBeforeTheWorkflow() throws Exception {
    theInvoiceIs(InvoiceStatus.PARTIALLY_PAID, 10_000, 7_000);

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/charge"), "{\"amount\":3001}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("amount"))
        .andExpect(jsonPath("$.errors[0].message").value("must be at most 3000, what is owed"));
    verifyNoInteractions(workflows);
  }

  @Test
  void anInvalidChargeListsEveryInvalidField() throws Exception {
    send(
            ADMIN,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"amount\":0,\"paymentMethodId\":\"card 1\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(Matchers.containsInAnyOrder("amount", "paymentMethodId")));
    verifyNoInteractions(invoices, workflows);
  }

  @Test
  void anAgentWithoutTheManualPaymentsPermissionMayNotChargeOrRecordPayments() throws Exception {
    String path = "/api/v1/invoices/" + INVOICE;

    send(AGENT_WITHOUT_PERMISSION, post(path + "/charge"), "{}")
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("receive_manual_payments")));
    send(AGENT_WITHOUT_PERMISSION, post(path + "/external-payments"), externalPayment(100))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    verifyNoInteractions(invoices, workflows);
  }

  @Test
  void anAgentWithoutThePermissionMayStillVoidAndChange() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    String path = "/api/v1/invoices/" + INVOICE;

    send(AGENT_WITHOUT_PERMISSION, post(path + "/void"), "{}").andExpect(status().isAccepted());
    send(AGENT_WITHOUT_PERMISSION, patch(path), "{\"total\":20000}")
        .andExpect(status().isAccepted());
    verify(workflows).voidInvoice(eq(INVOICE), isNull());
    verify(workflows).invoiceChanged(INVOICE, new InvoiceChange(20_000L, null));
  }

  @Test
  void aPortalKeyChargesItsOwnCustomersInvoiceAsThePortal() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0, 5);
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willReturn(
            new AttemptView(1, "key", 10_000, PaymentOutcome.SUCCEEDED, "pi_9", null, null));

    send(PORTAL, post("/api/v1/invoices/" + INVOICE + "/charge"), "{}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("SUCCEEDED"));
    verify(workflows).chargeNow(INVOICE, new ChargeNow(null, null, ChargeNow.ChargeSource.PORTAL));
  }

  @Test
  void anotherCustomersInvoiceIsNotFoundToAPortalKey() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0, 6);

    send(PORTAL, post("/api/v1/invoices/" + INVOICE + "/charge"), "{}")
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verifyNoInteractions(workflows);
  }

  @Test
  void aPortalKeyMayNotRecordPaymentsVoidOrChange() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0, 5);
    String path = "/api/v1/invoices/" + INVOICE;

    send(PORTAL, post(path + "/external-payments"), externalPayment(100))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:forbidden"));
    send(PORTAL, post(path + "/void"), "{}").andExpect(status().isForbidden());
    send(PORTAL, patch(path), "{\"total\":100}").andExpect(status().isForbidden());
    verifyNoInteractions(workflows);
  }

  // ---- every action -----------------------------------------------------------------------------

  @Test
  void anotherMerchantsOrAnUnknownInvoiceIsNotFoundForEveryAction() throws Exception {
    given(invoices.findById(eq(MERCHANT), anyLong())).willReturn(Optional.empty());
    String path = "/api/v1/invoices/" + INVOICE;

    send(ADMIN, post(path + "/charge"), "{}").andExpect(status().isNotFound());
    send(ADMIN, post(path + "/external-payments"), externalPayment(100))
        .andExpect(status().isNotFound());
    send(ADMIN, post(path + "/void"), "{}").andExpect(status().isNotFound());
    send(ADMIN, patch(path), "{\"total\":100}")
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verifyNoInteractions(workflows);
  }

  @Test
  void everyActionOnAClosedInvoiceIsAConflictSayingSo() throws Exception {
    theInvoiceIs(InvoiceStatus.PAID, 10_000, 10_000);
    String path = "/api/v1/invoices/" + INVOICE;

    send(AGENT, post(path + "/charge"), "{}")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
        .andExpect(jsonPath("$.detail").value("Invoice 42 is PAID and can no longer be charged."))
        .andExpect(jsonPath("$.status").value(409))
        .andExpect(jsonPath("$.invoiceStatus").value("PAID"));
    send(AGENT, post(path + "/external-payments"), externalPayment(100))
        .andExpect(status().isConflict());
    send(AGENT, post(path + "/void"), "{}").andExpect(status().isConflict());
    send(AGENT, patch(path), "{\"dueDate\":\"2030-01-01\"}").andExpect(status().isConflict());
    verifyNoInteractions(workflows);
  }

  @Test
  void anInvoiceWhoseRunEndedSinceItWasReadIsAConflict() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    willThrow(
            new WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId("invoice-payment:42").build(),
                "InvoicePaymentWorkflow",
                null))
        .given(workflows)
        .voidInvoice(eq(INVOICE), any());

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/void"), "{}")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"));
  }

  @Test
  void anUnreachableWorkflowEngineIsAServiceUnavailableProblem() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    willThrow(
            new WorkflowServiceException(
                WorkflowExecution.newBuilder().setWorkflowId("invoice-payment:42").build(),
                "InvoicePaymentWorkflow",
                new RuntimeException("UNAVAILABLE")))
        .given(workflows)
        .voidInvoice(eq(INVOICE), any());

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/void"), "{}")
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:workflow-engine-unavailable"));
  }

  // ---- external payments ------------------------------------------------------------------------

  @Test
  void anExternalPaymentIsRecordedByTheWorkflowBeforeTheAnswer() throws Exception {
    theInvoiceIs(InvoiceStatus.PARTIALLY_PAID, 10_000, 5_000);

    send(AGENT, post("/api/v1/invoices/" + INVOICE + "/external-payments"), externalPayment(5_000))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/invoices/" + INVOICE));
    verify(workflows)
        .recordExternalPayment(
            INVOICE, new ExternalPayment("CHQ-1001", 5_000, ExternalPayment.Method.CHEQUE));
  }

  @Test
  void anExternalPaymentTheWorkflowCannotTakeIsRefusedNotDropped() throws Exception {
    theInvoiceIs(InvoiceStatus.PROCESSING, 10_000, 0);
    willThrow(
            refusedBy(
                ApplicationFailure.newNonRetryableFailure(
                    "A payment of 10000 is under way; at most 0 can be recorded until it ends.",
                    Refusal.FAILURE_TYPE,
                    Refusal.Kind.AMOUNT)))
        .given(workflows)
        .recordExternalPayment(eq(INVOICE), any());

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/external-payments"), externalPayment(5_000))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("under way")));
  }

  @Test
  void anExternalPaymentOfMoreThanIsOwedGoesToTheWorkflowWhichLeavesTheExcessAsCredit()
      throws Exception {
    theInvoiceIs(InvoiceStatus.PARTIALLY_PAID, 10_000, 5_000);

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/external-payments"), externalPayment(5_001))
        .andExpect(status().isAccepted());
    verify(workflows).recordExternalPayment(eq(INVOICE), any());
  }

  // ---- the allowed manual payment method types
  // ---------------------------------------------------

  @Test
  void aSavedMethodOfATypeTheMerchantDoesNotTakeByHandIsRefusedForAgentAndPortal()
      throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0, 5);
    merchantTakesByHand(Set.of("card"), Set.of());
    given(paymentMethods.find(MERCHANT, "pm_bank")).willReturn(Optional.of(bankAccountOf(5)));

    for (String key : List.of(ADMIN, AGENT, PORTAL)) {
      send(
              key,
              post("/api/v1/invoices/" + INVOICE + "/charge"),
              "{\"paymentMethodId\":\"pm_bank\"}")
          .andExpect(status().isUnprocessableContent())
          .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"))
          .andExpect(
              jsonPath("$.errors[0].message").value(Matchers.containsString("us_bank_account")));
    }
    verify(workflows, never()).chargeNow(anyLong(), any());
  }

  @Test
  void anEmptyManualSettingMeansTheImportTypes() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    merchantTakesByHand(Set.of(), Set.of("card", "us_bank_account"));
    given(paymentMethods.find(MERCHANT, "pm_bank")).willReturn(Optional.of(bankAccountOf(3)));
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willReturn(
            new AttemptView(1, "key", 10_000, PaymentOutcome.PENDING, "pi_123", null, null));

    send(
            AGENT,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"paymentMethodId\":\"pm_bank\"}")
        .andExpect(status().isOk());
  }

  @Test
  void aMethodNotMirroredIsJudgedByTheTypeStripeHoldsForIt() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(stripe.typeOf(MERCHANT, "pm_usBankAccount_success"))
        .willReturn(Optional.of("us_bank_account"));

    send(
            AGENT,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"paymentMethodId\":\"pm_usBankAccount_success\"}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:payment-method-type-not-allowed"))
        .andExpect(jsonPath("$.paymentMethodType").value("us_bank_account"))
        .andExpect(jsonPath("$.allowedTypes").value(Matchers.contains("card")))
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"));
    verify(workflows, never()).chargeNow(anyLong(), any());
  }

  @Test
  void withoutAMethodTheCustomersAutoPayMethodIsTheOneJudged() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0, 5); // the portal key's customer
    given(customers.findById(MERCHANT, 5)).willReturn(Optional.of(customer(5, "pm_ach")));
    given(stripe.typeOf(MERCHANT, "pm_ach")).willReturn(Optional.of("us_bank_account"));

    for (String key : List.of(AGENT, PORTAL)) {
      send(key, post("/api/v1/invoices/" + INVOICE + "/charge"), "{}")
          .andExpect(status().isUnprocessableContent())
          .andExpect(jsonPath("$.paymentMethodType").value("us_bank_account"));
    }
    verify(workflows, never()).chargeNow(anyLong(), any());
  }

  @Test
  void aMethodStripeDoesNotHaveIsRefusedBeforeAnyAttemptIsMade() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(stripe.typeOf(MERCHANT, "pm_gone")).willReturn(Optional.empty());

    send(
            AGENT,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"paymentMethodId\":\"pm_gone\"}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("paymentMethodId"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("pm_gone")));
    verify(workflows, never()).chargeNow(anyLong(), any());
  }

  @Test
  void aMirroredMethodIsJudgedWithoutAskingStripe() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);
    given(paymentMethods.find(MERCHANT, "pm_saved"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    9, MERCHANT, 3, "pm_saved", "card", "visa", "4242", 12, 2031, false, null)));
    given(workflows.chargeNow(eq(INVOICE), any()))
        .willReturn(
            new AttemptView(1, "key", 10_000, PaymentOutcome.SUCCEEDED, "pi_1", null, null));

    send(
            AGENT,
            post("/api/v1/invoices/" + INVOICE + "/charge"),
            "{\"paymentMethodId\":\"pm_saved\"}")
        .andExpect(status().isOk());
    verify(stripe, never()).typeOf(anyLong(), eq("pm_saved"));
  }

  /** The customer's verified US bank account in the mirror, as {@code pm_bank}. */
  private static PaymentMethodRecord bankAccountOf(long customerId) {
    return new PaymentMethodRecord(
        9,
        MERCHANT,
        customerId,
        "pm_bank",
        "us_bank_account",
        "Bank",
        "6789",
        null,
        null,
        false,
        "VERIFIED");
  }

  private void merchantTakesByHand(Set<String> agentTypes, Set<String> imports) {
    given(merchants.customerPaymentSettings(MERCHANT))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    imports.isEmpty() ? Set.of("card") : imports,
                    agentTypes,
                    CustomerPaymentSettings.SyncMode.OFF,
                    Set.of(),
                    CustomerPaymentSettings.PortalPaymentMethods.SHOW,
                    CustomerPaymentSettings.NotifyOn.ALL,
                    null,
                    false)));
  }

  @Test
  void anInvalidExternalPaymentListsEveryInvalidField() throws Exception {
    send(
            ADMIN,
            post("/api/v1/invoices/" + INVOICE + "/external-payments"),
            "{\"reference\":\" \",\"amount\":-1}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(Matchers.containsInAnyOrder("reference", "amount", "method")));
    verifyNoInteractions(invoices, workflows);
  }

  // ---- void and change --------------------------------------------------------------------------

  @Test
  void aVoidIsAcceptedWithOrWithoutABody() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);

    send(ADMIN, post("/api/v1/invoices/" + INVOICE + "/void"), "{\"reason\":\"duplicate\"}")
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/invoices/" + INVOICE));
    mvc.perform(
            post("/api/v1/invoices/" + INVOICE + "/void")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isAccepted());
    verify(workflows).voidInvoice(INVOICE, "duplicate");
    verify(workflows).voidInvoice(eq(INVOICE), isNull());
  }

  @Test
  void aChangeIsAcceptedAndSignalled() throws Exception {
    theInvoiceIs(InvoiceStatus.OPEN, 10_000, 0);

    send(
            ADMIN,
            patch("/api/v1/invoices/" + INVOICE),
            "{\"total\":12000,\"dueDate\":\"2030-02-01\"}")
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/invoices/" + INVOICE));
    verify(workflows).invoiceChanged(INVOICE, new InvoiceChange(12_000L, LocalDate.of(2030, 2, 1)));
  }

  @Test
  void aChangeWithNothingInItIsAValidationProblem() throws Exception {
    send(ADMIN, patch("/api/v1/invoices/" + INVOICE), "{}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].message").value("send total, dueDate or both"));
    verifyNoInteractions(invoices, workflows);
  }

  @Test
  void aTotalBelowWhatIsPaidIsRefused() throws Exception {
    theInvoiceIs(InvoiceStatus.PARTIALLY_PAID, 10_000, 6_000);

    send(ADMIN, patch("/api/v1/invoices/" + INVOICE), "{\"total\":5999}")
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.errors[0].field").value("total"));
    verifyNoInteractions(workflows);
  }

  // ---- listing ----------------------------------------------------------------------------------

  @Test
  void theListingPassesItsFiltersAndAnswersWithAPage() throws Exception {
    given(
            service.list(
                MERCHANT,
                "PAID",
                3L,
                LocalDate.of(2030, 1, 1),
                null,
                null,
                InvoiceService.DEFAULT_PAGE_SIZE,
                null))
        .willReturn(new InvoicePage(List.of(), "abc"));

    mvc.perform(
            get("/api/v1/invoices?status=PAID&customerId=3&dueBefore=2030-01-01")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.data").isArray())
        .andExpect(jsonPath("$.nextCursor").value("abc"));
  }

  @Test
  void aPortalKeyListsItsOwnCustomersInvoicesOnly() throws Exception {
    given(service.list(MERCHANT, null, 5L, null, null, null, 20, null))
        .willReturn(new InvoicePage(List.of(), null));

    mvc.perform(get("/api/v1/invoices?customerId=3").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isOk());
    verify(service).list(MERCHANT, null, 5L, null, null, null, 20, null);
  }

  @Test
  void aListingDateThatIsNotADateIsAValidationProblem() throws Exception {
    mvc.perform(get("/api/v1/invoices?dueAfter=soon").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"))
        .andExpect(jsonPath("$.errors[0].field").value("dueAfter"));
    verifyNoInteractions(service);
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

  private void theInvoiceIs(InvoiceStatus status, long total, long amountPaid) {
    theInvoiceIs(status, total, amountPaid, 3);
  }

  private void theInvoiceIs(InvoiceStatus status, long total, long amountPaid, long customerId) {
    given(invoices.findById(MERCHANT, INVOICE))
        .willReturn(
            Optional.of(
                new Invoice(
                    INVOICE,
                    MERCHANT,
                    "inv_0123456789abcdef01234567",
                    "INV-42",
                    customerId,
                    "USD",
                    total,
                    amountPaid,
                    status,
                    LocalDate.of(2030, 1, 15),
                    "OFF",
                    LocalDateTime.of(2030, 1, 1, 0, 0),
                    LocalDateTime.of(2030, 1, 1, 0, 0),
                    null)));
  }

  private static String externalPayment(long amount) {
    return """
        {"reference":"CHQ-1001","amount":%d,"method":"CHEQUE"}
        """
        .formatted(amount);
  }

  private static WorkflowUpdateException refusedBy(ApplicationFailure failure) {
    return new WorkflowUpdateException(
        WorkflowExecution.newBuilder().setWorkflowId("invoice-payment:42").build(),
        "update-1",
        "chargeNow",
        failure);
  }
}
