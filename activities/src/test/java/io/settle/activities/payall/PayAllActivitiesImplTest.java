package io.settle.activities.payall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import io.settle.activities.event.InvoiceEvents;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.template.FactsJson;
import io.settle.notifications.template.MessageFacts.PaidInvoice;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.stripe.gateway.StripeGatewayConfiguration;
import io.settle.stripe.gateway.StripeKeySource;
import io.settle.stripe.gateway.StripeKeySource.UnknownMerchantException;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.payall.BatchPayment;
import io.settle.workflows.payall.PayAllActivities;
import io.settle.workflows.payall.PayAllInput.How;
import io.settle.workflows.payall.PayAllView.Share;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The pay-all activities against the Stripe simulator and the real schema (H2 in MySQL mode),
 * called through Temporal's activity environment so that every argument and answer goes through
 * Temporal's data converter as it would in a worker. What counts is what Stripe (the simulator) and
 * the ledger hold afterwards. The invoices' workflows are a mock: reserving is their decision, the
 * activity only asks. Each test has its own merchant and Stripe account.
 */
@SpringBootTest(
    classes = PayAllActivitiesImplTest.PayAllOnly.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:payall;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "settle.crypto.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    })
class PayAllActivitiesImplTest {

  private static final StripeSimulator simulator = StripeSimulator.start(0);

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({
    PersistenceConfiguration.class,
    StripeGatewayConfiguration.class,
    NotificationOutbox.class,
    PayAllActivitiesImpl.class,
    io.settle.activities.ledger.CustomerCredits.class,
    InvoiceEvents.class
  })
  static class PayAllOnly {

    // As the worker's ActivitiesConfiguration has it: each merchant's own stored key.
    @Bean
    StripeKeySource stripeKeySource(MerchantRepository merchants) {
      return merchantId ->
          merchants
              .stripeSecretKey(merchantId)
              .orElseThrow(() -> new UnknownMerchantException(merchantId));
    }
  }

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    registry.add("settle.stripe.api-base", simulator::baseUrl);
  }

  @AfterAll
  static void stopStripe() {
    simulator.close();
  }

  @Autowired NotificationRepository outbox;
  @Autowired PayAllActivitiesImpl implementation;
  @Autowired MerchantRepository merchants;
  @Autowired CustomerRepository customers;
  @Autowired InvoiceRepository invoices;
  @Autowired PaymentRepository payments;
  @MockitoBean WorkflowClient workflows;
  @Autowired io.settle.persistence.credit.CreditRepository credits;

  private TestActivityEnvironment temporal;
  private PayAllActivities activities;
  private StripeClient stripe;
  private long merchantId;
  private long customerId;
  private String stripeCustomer;
  private Invoice first;
  private Invoice second;
  private String batch;

  @BeforeEach
  void aCustomerWithTwoOpenInvoices() throws Exception {
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(implementation);
    activities =
        temporal.newActivityStub(
            PayAllActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                // One try: a failure here is the answer under test, not something to retry.
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    String secretKey = "sk_test_" + unique() + unique();
    stripe = StripeClient.builder().setApiKey(secretKey).setApiBase(simulator.baseUrl()).build();
    merchantId = merchants.insert(new NewMerchant("Acme", "USD", "OFF", secretKey, null));
    stripeCustomer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
            .getId();
    customerId =
        customers.insert(merchantId, "Acme Ltd", "ap@acme.test", stripeCustomer, "pm_card_visa");
    first = invoice(10_000);
    second = invoice(2_500);
    batch = "batch-" + unique();
  }

  @AfterEach
  void closeTemporal() {
    temporal.close();
  }

  // --- start -----------------------------------------------------------------------------------

  @Test
  void theSavedMethodPaysEveryInvoiceWithOneOffSessionPaymentNamingTheBatch() throws Exception {
    BatchPayment.Request request = request(How.SAVED, null);

    BatchPayment.Started started = activities.start(request);
    BatchPayment.Started retried = activities.start(request);

    assertThat(started.result().outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(started.result().amountReceived()).isEqualTo(12_500);
    assertThat(started.clientSecret()).isNull();
    assertThat(started.checkoutSessionId()).isNull();
    assertThat(retried.result().paymentIntentId())
        .as("a retry under the same key is Stripe's first answer, not a second charge")
        .isEqualTo(started.result().paymentIntentId());
    PaymentIntent intent = intent(started.result().paymentIntentId());
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(12_500);
    assertThat(intent.getCurrency()).isEqualTo("usd");
    assertThat(intent.getCustomer()).isEqualTo(stripeCustomer);
    assertThat(intent.getDescription())
        .isEqualTo("Invoices " + first.number() + ", " + second.number());
    assertThat(intent.getMetadata())
        .containsEntry("settle_batch_id", batch)
        .containsEntry("settle_invoice_ids", first.id() + "," + second.id())
        .containsEntry("settle_merchant_id", Long.toString(merchantId))
        .containsEntry("settle_idempotency_key", request.idempotencyKey())
        .doesNotContainKey("settle_invoice_id");
    assertThat(stripe.v1().paymentIntents().list().getData()).hasSize(1);
  }

  @Test
  void aMethodChosenForThePaymentIsChargedRatherThanTheDefault() throws Exception {
    BatchPayment.Started started =
        activities.start(request(How.SAVED, "pm_card_visa_chargeDeclined"));

    assertThat(started.result().outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(started.result().declineCode()).isEqualTo("generic_decline");
    assertThat(stripe.v1().paymentIntents().list().getData())
        .singleElement()
        .satisfies(intent -> assertThat(intent.getStatus()).isEqualTo("requires_payment_method"));
  }

  @Test
  void withoutAMethodNothingIsSentToStripeAndThePaymentIsDeclined() throws Exception {
    long bare = customers.insert(merchantId, "No Card Ltd", null, null, null);
    BatchPayment.Request request = withCustomer(request(How.SAVED, null), bare);

    BatchPayment.Started started = activities.start(request);

    assertThat(started.result().outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(started.result().errorCode()).isEqualTo("payment_method_missing");
    assertThat(stripe.v1().paymentIntents().list().getData()).isEmpty();
  }

  @Test
  void onSessionAPaymentIntentWaitsForTheCustomerAndIsSavedForLater() throws Exception {
    BatchPayment.Started started = activities.start(request(How.ON_SESSION, null));

    assertThat(started.result().outcome()).isEqualTo(PaymentOutcome.PENDING);
    assertThat(started.clientSecret()).isNotBlank();
    PaymentIntent intent = intent(started.result().paymentIntentId());
    assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
    assertThat(intent.getClientSecret()).isEqualTo(started.clientSecret());
    assertThat(intent.getAmount()).isEqualTo(12_500);
    assertThat(intent.getCustomer()).isEqualTo(stripeCustomer);
    assertThat(intent.getSetupFutureUsage()).isEqualTo("off_session");
    // The merchant imports cards only (the default), so only cards are offered.
    assertThat(intent.getPaymentMethodTypes()).containsExactly("card");
    assertThat(intent.getMetadata())
        .containsEntry("settle_batch_id", batch)
        .containsEntry("settle_invoice_ids", first.id() + "," + second.id());
  }

  @Test
  void anAgentsPaymentWithNewDetailsAllowsExactlyTheChosenType() throws Exception {
    takesByHand(Set.of("card", "us_bank_account"), Set.of("card", "us_bank_account"));

    BatchPayment.Started started =
        activities.start(withType(request(How.ON_SESSION, null), "us_bank_account"));

    // Stripe.js can confirm it with nothing else: the setting holds in the browser too.
    assertThat(intent(started.result().paymentIntentId()).getPaymentMethodTypes())
        .containsExactly("us_bank_account");
  }

  @Test
  void thePortalsNewDetailsOfferTheMerchantsManualTypesNotEveryImportedOne() throws Exception {
    takesByHand(Set.of("card", "us_bank_account"), Set.of("card"));
    assertThat(
            intent(activities.start(request(How.ON_SESSION, null)).result().paymentIntentId())
                .getPaymentMethodTypes())
        .containsExactly("card");

    // An empty manual setting means the import types.
    takesByHand(Set.of("card", "us_bank_account"), Set.of());
    batch = "batch-" + unique();
    assertThat(
            intent(activities.start(request(How.ON_SESSION, null)).result().paymentIntentId())
                .getPaymentMethodTypes())
        .containsExactlyInAnyOrder("card", "us_bank_account");
  }

  @Test
  void aChosenTypeTheMerchantNoLongerTakesMakesNothingAtStripe() throws Exception {
    takesByHand(Set.of("card", "us_bank_account"), Set.of("card"));

    assertFailure(
        () -> activities.start(withType(request(How.ON_SESSION, null), "us_bank_account")),
        PayAllActivitiesImpl.TYPE_NOT_ALLOWED,
        "us_bank_account");
    assertThat(stripe.v1().paymentIntents().list().getData()).isEmpty();
  }

  @Test
  void aCheckoutPageIsMadeForTheInvoiceAndClosesWhenTheCustomerWindowDoes() throws Exception {
    BatchPayment.Request request = checkout();

    BatchPayment.Started started = activities.start(request);

    assertThat(started.result().outcome()).isEqualTo(PaymentOutcome.PENDING);
    assertThat(started.result().paymentIntentId()).isNull();
    assertThat(started.checkoutSessionId()).startsWith("cs_");
    assertThat(started.checkoutUrl()).startsWith("http");
    Session session = stripe.v1().checkout().sessions().retrieve(started.checkoutSessionId());
    assertThat(session.getStatus()).isEqualTo("open");
    assertThat(session.getAmountTotal()).isEqualTo(10_000);
    assertThat(session.getCustomer()).isEqualTo(stripeCustomer);
    assertThat(session.getClientReferenceId()).isEqualTo(Long.toString(first.id()));
    assertThat(session.getSuccessUrl()).isEqualTo(request.successUrl());
    assertThat(session.getExpiresAt()).isEqualTo(request.payBy().getEpochSecond());
    assertThat(session.getMetadata()).containsEntry("settle_batch_id", batch);
  }

  // --- resolve ---------------------------------------------------------------------------------

  @Test
  void aPaymentWhoseAnswerWasLostIsFoundUnderItsKeyNotMadeAgain() throws Exception {
    BatchPayment.Request request = request(How.SAVED, "pm_card_visa");
    String made = activities.start(request).result().paymentIntentId();

    ChargeResult byKey = activities.resolve(request, null);
    ChargeResult byId = activities.resolve(request, made);

    assertThat(byKey.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(byKey.paymentIntentId()).isEqualTo(made);
    assertThat(byId).isEqualTo(byKey);
    assertThat(stripe.v1().paymentIntents().list().getData()).hasSize(1);
  }

  @Test
  void aPaymentNeverMadeResolvesAsNotMade() throws Exception {
    ChargeResult resolved = activities.resolve(request(How.SAVED, "pm_card_visa"), null);

    assertThat(resolved.errorCode()).isEqualTo(ChargeResult.NO_PAYMENT_INTENT);
    assertThat(resolved.paymentIntentId()).isNull();
    assertThat(stripe.v1().paymentIntents().list().getData()).isEmpty();
  }

  // --- close -----------------------------------------------------------------------------------

  @Test
  void anOnSessionPaymentLeftUnpaidIsCanceledAtStripe() throws Exception {
    BatchPayment.Request request = request(How.ON_SESSION, null);
    String intent = activities.start(request).result().paymentIntentId();

    ChargeResult closed = activities.close(request, intent, null);
    ChargeResult closedAgain = activities.close(request, intent, null);

    assertThat(closed.outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(closed.status()).isEqualTo("canceled");
    assertThat(closedAgain).isEqualTo(closed);
    assertThat(intent(intent).getStatus()).isEqualTo("canceled");
    assertThat(intent(intent).getCancellationReason()).isEqualTo("abandoned");
  }

  @Test
  void aDeclinedPaymentStillOpenToAnotherMethodIsCanceledToo() throws Exception {
    BatchPayment.Request request = request(How.SAVED, "pm_card_visa_chargeDeclined");
    String intent = activities.start(request).result().paymentIntentId();
    assertThat(intent(intent).getStatus()).isEqualTo("requires_payment_method");

    ChargeResult closed = activities.close(request, intent, null);

    assertThat(closed.status()).isEqualTo("canceled");
    assertThat(intent(intent).getStatus()).isEqualTo("canceled");
  }

  @Test
  void aPaidPaymentIsLeftAsItIsWhenTheWindowCloses() throws Exception {
    BatchPayment.Request request = request(How.SAVED, null);
    String intent = activities.start(request).result().paymentIntentId();

    ChargeResult closed = activities.close(request, intent, null);

    assertThat(closed.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(intent(intent).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void anUnpaidCheckoutPageIsExpiredAtStripe() throws Exception {
    BatchPayment.Request request = checkout();
    String session = activities.start(request).checkoutSessionId();

    ChargeResult closed = activities.close(request, null, session);

    assertThat(closed.outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(closed.errorCode()).isEqualTo("checkout_expired");
    assertThat(stripe.v1().checkout().sessions().retrieve(session).getStatus())
        .isEqualTo("expired");
  }

  @Test
  void aCheckoutPagePaidJustBeforeTheWindowClosedAnswersWithItsPayment() throws Exception {
    BatchPayment.Request request = checkout();
    String session = activities.start(request).checkoutSessionId();
    simulator.completeCheckout(session, "pm_card_visa");

    ChargeResult closed = activities.close(request, null, session);

    assertThat(closed.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(closed.amountReceived()).isEqualTo(10_000);
    Session paid = stripe.v1().checkout().sessions().retrieve(session);
    assertThat(paid.getStatus()).isEqualTo("complete");
    assertThat(closed.paymentIntentId()).isEqualTo(paid.getPaymentIntent());
  }

  @Test
  void nothingMadeHasNothingToClose() throws Exception {
    ChargeResult closed = activities.close(request(How.ON_SESSION, null), null, null);

    assertThat(closed.errorCode()).isEqualTo(ChargeResult.NO_PAYMENT_INTENT);
  }

  // --- record ----------------------------------------------------------------------------------

  @Test
  void aPaymentIsRecordedOnceWithAShareForEachInvoice() {
    BatchPayment.Request request = request(How.SAVED, null);
    List<Share> shares = List.of(new Share(first.id(), 10_000), new Share(second.id(), 1_000));

    activities.record(request, PaymentSource.PORTAL, "pi_batch_1", shares);
    activities.record(request, PaymentSource.PORTAL, "pi_batch_1", shares);

    var payment = payments.findPayment(request.idempotencyKey()).orElseThrow();
    assertThat(payment.amount()).isEqualTo(11_000);
    assertThat(payment.source()).isEqualTo("PORTAL");
    assertThat(payment.customerId()).isEqualTo(customerId);
    assertThat(payment.stripePaymentIntentId()).isEqualTo("pi_batch_1");
    assertThat(payments.paymentsOf(first.id()))
        .singleElement()
        .satisfies(p -> assertThat(p.allocated()).isEqualTo(10_000));
    assertThat(payments.paymentsOf(second.id()))
        .singleElement()
        .satisfies(p -> assertThat(p.allocated()).isEqualTo(1_000));
    Invoice paid = invoices.findById(first.id()).orElseThrow();
    assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(paid.amountPaid()).isEqualTo(10_000);
    Invoice partly = invoices.findById(second.id()).orElseThrow();
    assertThat(partly.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
    assertThat(partly.amountPaid()).isEqualTo(1_000);
    // One receipt, in the same transaction, listing each invoice; the payer is copied.
    assertThat(outbox.findByKey(request.idempotencyKey() + "-receipt"))
        .hasValueSatisfying(
            receipt -> {
              assertThat(receipt.kind()).isEqualTo("PAY_ALL_RECEIPT");
              assertThat(receipt.amount()).isEqualTo(11_000);
              assertThat(receipt.invoiceId()).isNull();
              assertThat(receipt.ccEmails()).contains("payer@acme.test");
              assertThat(FactsJson.read(receipt.facts()).invoices())
                  .containsExactly(
                      new PaidInvoice(first.number(), 10_000),
                      new PaidInvoice(second.number(), 1_000));
            });
  }

  @Test
  void aShareOverWhatAnInvoiceOwesLeavesTheExcessAsTheCustomersCredit() {
    BatchPayment.Request request = request(How.SAVED, null);
    List<Share> shares = List.of(new Share(first.id(), 10_000), new Share(second.id(), 2_501));

    activities.record(request, PaymentSource.PORTAL, "pi_batch_2", shares);
    activities.record(request, PaymentSource.PORTAL, "pi_batch_2", shares);

    assertThat(payments.findPayment(request.idempotencyKey()))
        .hasValueSatisfying(payment -> assertThat(payment.amount()).isEqualTo(12_501));
    assertThat(invoices.findById(first.id()).orElseThrow().status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(invoices.findById(second.id()).orElseThrow().status()).isEqualTo(InvoiceStatus.PAID);
    Invoice any = invoices.findById(first.id()).orElseThrow();
    assertThat(credits.balance(any.merchantId(), any.customerId(), any.currency()))
        .as("the 1 the second invoice did not owe, once")
        .isEqualTo(1);
  }

  // --- reserve ---------------------------------------------------------------------------------

  @Test
  void theInvoicesWorkflowIsAskedToReserveWhatIsOwed() {
    InvoicePaymentWorkflow workflow = workflowOf(first);
    given(workflow.reserveForPayAll(any())).willReturn(10_000L);

    assertThat(activities.reserve(batch, merchantId, customerId, first.id())).isEqualTo(10_000);

    then(workflow).should().reserveForPayAll(new PayAll.Reservation(batch, 10_000));
  }

  @Test
  void aRefusalOfTheInvoicesWorkflowIsTheReservationsRefusal() {
    InvoicePaymentWorkflow workflow = workflowOf(first);
    given(workflow.reserveForPayAll(any()))
        .willThrow(
            new WorkflowUpdateException(
                WorkflowExecution.newBuilder()
                    .setWorkflowId(WorkflowIds.invoicePayment(first.id()))
                    .build(),
                "update-1",
                "reserveForPayAll",
                ApplicationFailure.newFailure("a payment is processing", "PaymentInFlight")));

    assertFailure(
        () -> activities.reserve(batch, merchantId, customerId, first.id()),
        PayAllActivities.RESERVATION_REFUSED,
        "a payment is processing");
  }

  @Test
  void anInvoiceWhoseRunHasEndedIsRefused() {
    InvoicePaymentWorkflow workflow = workflowOf(first);
    given(workflow.reserveForPayAll(any()))
        .willThrow(
            new WorkflowNotFoundException(
                WorkflowExecution.newBuilder()
                    .setWorkflowId(WorkflowIds.invoicePayment(first.id()))
                    .build(),
                "InvoicePayment",
                null));

    assertFailure(
        () -> activities.reserve(batch, merchantId, customerId, first.id()),
        PayAllActivities.RESERVATION_REFUSED,
        first.number());
  }

  @Test
  void anotherCustomersOrAPaidInvoiceIsRefusedWithoutAskingItsWorkflow() {
    long other = customers.insert(merchantId, "Other Ltd", null, null, null);
    Invoice theirs = invoice(other, 3_000);
    InvoicePaymentWorkflow workflow = workflowOf(theirs);
    invoices.applyPayment(second.id(), 2_500);

    assertFailure(
        () -> activities.reserve(batch, merchantId, customerId, theirs.id()),
        PayAllActivities.RESERVATION_REFUSED,
        "not the customer's");
    assertFailure(
        () -> activities.reserve(batch, merchantId, customerId, second.id()),
        PayAllActivities.RESERVATION_REFUSED,
        "nothing is owed");
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_" + unique(), null));
    assertFailure(
        () -> activities.reserve(batch, otherMerchant, customerId, first.id()),
        PayAllActivities.RESERVATION_REFUSED,
        "not the customer's");
    then(workflow).should(never()).reserveForPayAll(any());
  }

  // --- the world -------------------------------------------------------------------------------

  private BatchPayment.Request request(How how, String paymentMethodId) {
    return new BatchPayment.Request(
        "settle-" + batch + "-payment",
        batch,
        merchantId,
        customerId,
        List.of(first.id(), second.id()),
        12_500,
        "USD",
        how,
        paymentMethodId,
        null,
        null,
        null,
        "payer@acme.test",
        null);
  }

  /** A payment link's request: the first invoice alone, on a page open for an hour. */
  private BatchPayment.Request checkout() {
    Instant payBy = simulator.now().plus(Duration.ofHours(1));
    return new BatchPayment.Request(
        "settle-" + batch + "-payment",
        batch,
        merchantId,
        customerId,
        List.of(first.id()),
        10_000,
        "USD",
        How.CHECKOUT,
        null,
        Instant.ofEpochSecond(payBy.getEpochSecond()),
        "https://pay.settle.test/i/" + first.id() + "/paid",
        "https://pay.settle.test/i/" + first.id(),
        null,
        null);
  }

  private static BatchPayment.Request withCustomer(BatchPayment.Request request, long customer) {
    return new BatchPayment.Request(
        request.idempotencyKey(),
        request.batchId(),
        request.merchantId(),
        customer,
        request.invoiceIds(),
        request.amount(),
        request.currency(),
        request.how(),
        request.paymentMethodId(),
        request.payBy(),
        request.successUrl(),
        request.cancelUrl(),
        request.payerEmail(),
        null);
  }

  private static BatchPayment.Request withType(BatchPayment.Request request, String type) {
    return new BatchPayment.Request(
        request.idempotencyKey(),
        request.batchId(),
        request.merchantId(),
        request.customerId(),
        request.invoiceIds(),
        request.amount(),
        request.currency(),
        request.how(),
        request.paymentMethodId(),
        request.payBy(),
        request.successUrl(),
        request.cancelUrl(),
        request.payerEmail(),
        type);
  }

  /** The merchant's import types and its allowed manual ("agent") types. */
  private void takesByHand(Set<String> imports, Set<String> manual) {
    merchants.updateCustomerPaymentSettings(
        merchantId,
        new CustomerPaymentSettings(
            "USD",
            false,
            "ON_DUE_DATE",
            imports,
            manual,
            CustomerPaymentSettings.SyncMode.OFF,
            Set.of(),
            CustomerPaymentSettings.PortalPaymentMethods.SHOW,
            CustomerPaymentSettings.NotifyOn.ALL,
            null,
            false));
  }

  private Invoice invoice(long amount) {
    return invoice(customerId, amount);
  }

  private Invoice invoice(long customer, long amount) {
    return invoices.insert(
        new NewInvoice(
            merchantId,
            "INV-" + unique(),
            customer,
            "USD",
            LocalDate.of(2026, 12, 1),
            "OFF",
            List.of(new InvoiceLine(1, LineKind.ITEM, "Consulting", amount)),
            null,
            null));
  }

  private InvoicePaymentWorkflow workflowOf(Invoice invoice) {
    InvoicePaymentWorkflow workflow = mock(InvoicePaymentWorkflow.class);
    given(
            workflows.newWorkflowStub(
                InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoice.id())))
        .willReturn(workflow);
    return workflow;
  }

  private PaymentIntent intent(String id) throws Exception {
    return stripe.v1().paymentIntents().retrieve(id);
  }

  /** The activity failed for good with {@code type}, its message containing {@code saying}. */
  private static void assertFailure(ThrowingCallable call, String type, String... saying) {
    assertThatThrownBy(call)
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(type);
              assertThat(failure.isNonRetryable()).isTrue();
              for (String words : saying) {
                assertThat(failure.getOriginalMessage()).contains(words);
              }
            });
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
