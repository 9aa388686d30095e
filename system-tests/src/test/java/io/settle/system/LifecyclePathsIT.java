package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.invoice.AutopayTiming;
import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoicePaymentWorkflowImpl;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.notify.NotificationActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle's multi-day paths with real records and a real Stripe wire: the workflow runs on
 * Temporal's time-skipping server (a substitute: the dev server cannot skip days), while its
 * activities are the worker's own beans, writing to MariaDB and charging through the simulator.
 * Every test asserts the invoice, attempt and payment rows as the API shows them, and how many
 * PaymentIntents the simulator holds.
 */
class LifecyclePathsIT {

  private final SettleStack stack = SettleStack.get();
  private TestMerchant merchant;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void timeSkippingWorkerWithTheRealActivities() {
    merchant = TestMerchant.connect(stack);
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build());
    InvoiceSearchAttributes.registrations().forEach(env::registerSearchAttribute);
    taskQueue = "lifecycle-" + UUID.randomUUID();
    Worker worker = env.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(InvoicePaymentWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        stack.workerBean(LedgerActivities.class),
        stack.workerBean(ChargeActivities.class),
        stack.workerBean(NotificationActivities.class));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
    stack.stripe().clearFaults();
  }

  @Test
  void theFullDunningScheduleEndsWithFiveDeclinedAttemptsAndFivePaymentIntents() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa_chargeDeclinedInsufficientFunds", 5_500);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);

    env.sleep(Duration.ofDays(20));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("attempts")).hasSize(5);
    read.path("attempts").forEach(a -> assertThat(a.path("status").asText()).isEqualTo("DECLINED"));
    assertThat(read.path("payments")).isEmpty();
    assertThat(merchant.intentsFor(invoiceId)).hasSize(5);
    // The customer heard of each failure, the first four with the next try, then of the end.
    String invoiceKey = invoiceKey(invoiceId);
    assertThat(stack.mail().awaitAbout(invoiceKey, 6))
        .extracting(Mailbox.Mail::key)
        .containsExactlyInAnyOrder(
            "settle-" + invoiceKey + "-failed-1",
            "settle-" + invoiceKey + "-failed-2",
            "settle-" + invoiceKey + "-failed-3",
            "settle-" + invoiceKey + "-failed-4",
            "settle-" + invoiceKey + "-failed-5",
            "settle-" + invoiceKey + "-exhausted");
  }

  @Test
  void aDeclineThenAWorkingCardPaysOnTheRetryAndTheCustomerHearsOfBoth() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa_chargeDeclinedInsufficientFunds", 5_500);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);
    env.sleep(Duration.ofHours(1));
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    String invoiceKey = invoiceKey(invoiceId);
    Mailbox.Mail failed = stack.mail().awaitAbout(invoiceKey, 1).getFirst();
    assertThat(failed.key()).isEqualTo("settle-" + invoiceKey + "-failed-1");
    assertThat(failed.text()).contains("/pay/");

    Invoice invoice = stack.workerBean(InvoiceRepository.class).findById(invoiceId).orElseThrow();
    stack
        .workerBean(CustomerRepository.class)
        .setDefaultPaymentMethod(invoice.merchantId(), invoice.customerId(), "pm_card_visa");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(2);
    assertThat(stack.mail().awaitAbout(invoiceKey, 2))
        .extracting(Mailbox.Mail::key)
        .containsExactly("settle-" + invoiceKey + "-failed-1", "settle-" + invoiceKey + "-paid");
  }

  @Test
  void aHardDeclineStopsAtOneAttempt() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa_chargeDeclinedLostCard", 5_500);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);

    env.sleep(Duration.ofDays(20));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("declineCode").asText()).isEqualTo("lost_card");
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void threeDSecureNotCompletedExpiresWithoutASecondCharge() throws Exception {
    long invoiceId = invoiceFor("pm_card_threeDSecure2Required", 5_500);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);

    env.sleep(Duration.ofDays(8));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("errorCode").asText())
        .isEqualTo("authentication_expired");
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void anAchDebitThatSettlesIsFoundByPollingAndEndsPaid() throws Exception {
    long invoiceId = invoiceFor("pm_usBankAccount_success", 25_000);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);
    env.sleep(Duration.ofHours(1));
    assertThat(merchant.readInvoice(invoiceId).path("status").asText()).isEqualTo("PROCESSING");

    stack.stripe().settleAch(workflow.status().attempts().get(0).paymentIntentId(), true);

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("payments")).hasSize(1);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void anAchDebitThatFailsGoesIntoDunning() throws Exception {
    long invoiceId = invoiceFor("pm_usBankAccount_success", 25_000);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);
    env.sleep(Duration.ofHours(1));

    stack.stripe().settleAch(workflow.status().attempts().get(0).paymentIntentId(), false);
    env.sleep(Duration.ofHours(12)); // the first poll, six hours after the charge, sees it

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");
    assertThat(read.path("payments")).isEmpty();
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void voidDuringARetryWaitStopsDunning() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa_chargeDeclined", 5_500);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_CREATION);
    env.sleep(Duration.ofHours(6));

    workflow.voidInvoice("credited");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.VOID);
    assertThat(merchant.readInvoice(invoiceId).path("status").asText()).isEqualTo("VOID");
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void aMovedDueDateThenAPartialExternalPaymentThenTheChargeOfTheRest() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa", 10_000);
    InvoicePaymentWorkflow workflow = start(invoiceId, AutopayTiming.ON_DUE_DATE);
    env.sleep(Duration.ofDays(1));
    workflow.invoiceChanged(new InvoiceChange(null, LocalDate.now().plusDays(5)));
    workflow.externalPaymentReceived(
        new ExternalPayment("wire-77", 4_000, ExternalPayment.Method.WIRE));
    env.sleep(Duration.ofDays(2));
    assertThat(merchant.readInvoice(invoiceId).path("status").asText()).isEqualTo("PARTIALLY_PAID");
    assertThat(merchant.intentsFor(invoiceId)).isEmpty();

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("amountPaid").asLong()).isEqualTo(10_000);
    assertThat(read.path("payments")).hasSize(2);
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("amount").asLong()).isEqualTo(6_000);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
    assertThat(merchant.intentsFor(invoiceId).get(0).getAmount()).isEqualTo(6_000);
  }

  @Test
  void aChargeAnswered500IsResolvedAndNotRepeated() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa", 7_700);
    stack.stripe().failAfter("POST", "/v1/payment_intents", 1);

    assertThat(runToEnd(invoiceId, AutopayTiming.ON_CREATION)).isEqualTo(InvoiceState.PAID);
    assertThat(merchant.readInvoice(invoiceId).path("payments")).hasSize(1);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void aZeroTotalInvoiceIsPaidWithoutAPaymentIntent() throws Exception {
    long invoiceId = invoiceFor("pm_card_visa", 0);

    assertThat(runToEnd(invoiceId, AutopayTiming.ON_CREATION)).isEqualTo(InvoiceState.PAID);
    assertThat(merchant.readInvoice(invoiceId).path("status").asText()).isEqualTo("PAID");
    assertThat(merchant.intentsFor(invoiceId)).isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** An invoice created over REST without auto-pay, so only the time-skipping run charges it. */
  private String invoiceKey(long invoiceId) {
    return stack.workerBean(InvoiceRepository.class).findById(invoiceId).orElseThrow().invoiceKey();
  }

  private long invoiceFor(String paymentMethod, long amount) throws Exception {
    long customerId = merchant.customerPayingWith(paymentMethod);
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customerId, List.of(amount)));
    body.put("autopay", "OFF");
    body.put("dueDate", LocalDate.now().plusDays(14).toString());
    return merchant.createInvoice(body).path("id").asLong();
  }

  private InvoicePaymentWorkflow start(long invoiceId, AutopayTiming autopay) {
    Invoice invoice = stack.workerBean(InvoiceRepository.class).findById(invoiceId).orElseThrow();
    InvoicePaymentInput input =
        InvoicePaymentInput.of(
            invoice.merchantId(),
            invoice.id(),
            invoice.invoiceKey(),
            invoice.number(),
            invoice.customerId(),
            "Acme Ltd",
            invoice.currency(),
            invoice.total(),
            invoice.dueDate(),
            autopay,
            CollectionPolicy.defaults());
    InvoicePaymentWorkflow workflow =
        client.newWorkflowStub(
            InvoicePaymentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("lifecycle-" + invoiceId)
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(workflow::run, input);
    return workflow;
  }

  private InvoiceState runToEnd(long invoiceId, AutopayTiming autopay) {
    return WorkflowStub.fromTyped(start(invoiceId, autopay)).getResult(InvoiceState.class);
  }
}
