package io.settle.workflows.payall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.PaymentUpdate;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pay-all coordinator on Temporal's time-skipping test server, with its activities mocked and
 * the invoices' workflows replaced by {@link RecordingInvoiceWorkflow}, which records the settle
 * and release signals they get.
 */
class PayAllWorkflowTest {

  private static final String BATCH = "pa_test";
  private static final List<Long> INVOICES = List.of(11L, 12L, 13L);
  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                PayAllWorkflowImpl.class, RecordingInvoiceWorkflow.class)
            .setDoNotStart(true)
            .setInitialTime(NOW);
    InvoiceSearchAttributes.registrations().forEach(builder::registerSearchAttribute);
    return builder.build();
  }

  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;
  private final PayAllActivities activities =
      mock(PayAllActivities.class, withSettings().withoutAnnotations());
  private final ChargeActivities charges =
      mock(ChargeActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void wire(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.worker = worker;
    this.client = client;
    RecordingInvoiceWorkflow.SIGNALS.clear();
    when(activities.reserve(eq(BATCH), eq(1L), eq(5L), anyLong()))
        .thenAnswer(call -> call.<Long>getArgument(3) * 100);
  }

  @Test
  void aSavedMethodPaysEveryInvoiceWithOnePaymentAndSettlesEach() {
    when(activities.start(any())).thenReturn(started(ChargeResult.succeeded("pi_1", 3_600)));

    PayAllView view = run(PayAllInput.How.SAVED);

    assertThat(view.stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    assertThat(view.amount()).isEqualTo(1_100 + 1_200 + 1_300);
    verify(activities, times(1))
        .record(any(), eq(PaymentSource.PORTAL), eq("pi_1"), eq(view.shares()));
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .containsExactlyInAnyOrder(
            "settled:11:" + BATCH + ":1100",
            "settled:12:" + BATCH + ":1200",
            "settled:13:" + BATCH + ":1300");
  }

  @Test
  void anInvoiceThatRefusesReleasesTheOthersAndNothingIsCharged() {
    when(activities.reserve(BATCH, 1L, 5L, 12L))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "A payment for this invoice is already under way.",
                PayAllActivities.RESERVATION_REFUSED));

    PayAllView view = run(PayAllInput.How.SAVED);

    assertThat(view.stage()).isEqualTo(PayAllView.Stage.FAILED);
    assertThat(view.errorCode()).isEqualTo("invoice_not_payable");
    assertThat(view.refusal()).contains("Invoice 12").contains("already under way");
    verify(activities, never()).start(any());
    verify(activities, never()).reserve(BATCH, 1L, 5L, 13L);
    assertThat(RecordingInvoiceWorkflow.signals(1)).containsExactly("released:11:" + BATCH);
  }

  @Test
  void aDeclinedSavedMethodReleasesEveryInvoice() {
    when(activities.start(any()))
        .thenReturn(
            started(ChargeResult.declined("pi_2", "card_declined", "insufficient_funds", "no")));

    PayAllView view = run(PayAllInput.How.SAVED);

    assertThat(view.stage()).isEqualTo(PayAllView.Stage.FAILED);
    assertThat(view.errorCode()).isEqualTo("card_declined");
    verify(activities, never()).record(any(), any(), any(), anyList());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .containsExactlyInAnyOrder(
            "released:11:" + BATCH, "released:12:" + BATCH, "released:13:" + BATCH);
  }

  @Test
  void newDetailsWaitForTheCustomerAndAWebhookSettlesOnceEvenWhenRepeated() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_3"));
    PayAllWorkflow workflow = start(PayAllInput.How.ON_SESSION);
    assertThat(workflow.started().stage()).isEqualTo(PayAllView.Stage.AWAITING_CUSTOMER);
    assertThat(workflow.started().clientSecret()).isEqualTo("pi_3_secret_x");

    PaymentUpdate paid =
        new PaymentUpdate("evt_1", "pi_3", PaymentUpdate.Kind.SUCCEEDED, 3_600, null, null, null);
    workflow.paymentUpdated(BATCH, paid);
    workflow.paymentUpdated(BATCH, paid);
    workflow.paymentUpdated("pa_other", paid);

    PayAllView view = result();
    assertThat(view.stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    assertThat(view.clientSecret()).isNull();
    verify(activities, times(1)).record(any(), any(), eq("pi_3"), anyList());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .hasSize(3)
        .allMatch(s -> s.startsWith("settled"));
  }

  @Test
  void aCardDeclinedOnThePageLeavesTheCustomerTimeToTryAnother() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_4"));
    PayAllWorkflow workflow = start(PayAllInput.How.ON_SESSION);
    workflow.started();

    workflow.paymentUpdated(
        BATCH,
        new PaymentUpdate(
            "evt_1", "pi_4", PaymentUpdate.Kind.FAILED, 0, "card_declined", "generic", "no"));
    assertThat(workflow.status().stage()).isEqualTo(PayAllView.Stage.AWAITING_CUSTOMER);
    workflow.paymentUpdated(
        BATCH,
        new PaymentUpdate("evt_2", "pi_4", PaymentUpdate.Kind.SUCCEEDED, 3_600, null, null, null));

    assertThat(result().stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(activities, never()).close(any(), any(), any());
  }

  @Test
  void whenTheWindowEndsThePaymentIsClosedAtStripeBeforeTheInvoicesAreReleased() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_5"));
    when(activities.close(any(), eq("pi_5"), isNull()))
        .thenReturn(ChargeResult.declined("pi_5", "canceled", null, "abandoned"));

    PayAllView view = run(PayAllInput.How.ON_SESSION);

    assertThat(view.stage()).isEqualTo(PayAllView.Stage.FAILED);
    verify(activities, times(1)).close(any(), eq("pi_5"), isNull());
    verify(activities, never()).record(any(), any(), any(), anyList());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .hasSize(3)
        .allMatch(s -> s.startsWith("released"));
  }

  @Test
  void aWithdrawnPaymentIsClosedAtStripeAtOnceAndItsInvoicesReleased() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_w1"));
    when(activities.close(any(), eq("pi_w1"), isNull()))
        .thenReturn(ChargeResult.declined("pi_w1", "canceled", null, "withdrawn"));
    PayAllWorkflow workflow = start(PayAllInput.How.CHECKOUT);
    workflow.started();

    workflow.withdraw("AGENT charge");

    assertThat(result().stage()).isEqualTo(PayAllView.Stage.FAILED);
    verify(activities, times(1)).close(any(), eq("pi_w1"), isNull());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .hasSize(3)
        .allMatch(s -> s.startsWith("released"));
    assertThat(
            client.fetchHistory(WorkflowIds.payAll(BATCH)).getEvents().stream()
                .map(event -> event.getEventType()))
        .as("closed when withdrawn, not when the customer's window ran out")
        .doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);
  }

  @Test
  void aWithdrawnPaymentTheCustomerHadJustMadeIsSettledNotReleased() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_w2"));
    when(activities.close(any(), eq("pi_w2"), isNull()))
        .thenReturn(ChargeResult.succeeded("pi_w2", 3_600));
    PayAllWorkflow workflow = start(PayAllInput.How.CHECKOUT);
    workflow.started();

    workflow.withdraw("void");

    assertThat(result().stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(activities, times(1)).record(any(), any(), eq("pi_w2"), anyList());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .hasSize(3)
        .allMatch(s -> s.startsWith("settled"));
  }

  @Test
  void aCustomerWhoPaidAsTheWindowEndedIsSettledNotReleased() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_6"));
    when(activities.close(any(), eq("pi_6"), isNull()))
        .thenReturn(ChargeResult.succeeded("pi_6", 3_600));

    assertThat(run(PayAllInput.How.ON_SESSION).stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(activities, times(1)).record(any(), any(), eq("pi_6"), anyList());
  }

  @Test
  void aProcessingBankDebitIsAskedAboutUntilItSettles() {
    when(activities.start(any()))
        .thenReturn(
            started(
                new ChargeResult(
                    PaymentOutcome.PENDING, "pi_7", "processing", 0, null, null, null)));
    when(charges.retrieve(1L, "pi_7"))
        .thenReturn(
            new ChargeResult(PaymentOutcome.PENDING, "pi_7", "processing", 0, null, null, null))
        .thenReturn(ChargeResult.succeeded("pi_7", 3_600));

    assertThat(run(PayAllInput.How.SAVED).stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(charges, times(2)).retrieve(1L, "pi_7");
    verify(activities, never()).close(any(), any(), any());
  }

  @Test
  void anUnknownOutcomeIsResolvedNeverPaidAgain() {
    when(activities.start(any()))
        .thenReturn(started(ChargeResult.unknown("api_error", "500 from Stripe")));
    when(activities.resolve(any(), isNull())).thenReturn(ChargeResult.succeeded("pi_8", 3_600));

    assertThat(run(PayAllInput.How.SAVED).stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(activities, times(1)).start(any());
  }

  // ---- failures that no retry fixes, and cancellation -----------------------------------------

  @Test
  void aLedgerRefusalAfterThePaymentIsTakenKeepsTheInvoicesHeldAndRecordsWhenItCan() {
    when(activities.start(any())).thenReturn(started(ChargeResult.succeeded("pi_9", 3_600)));
    org.mockito.Mockito.doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "payment exceeds what invoice 12 owes", "PaymentExceedsAmountDue"))
        .doNothing()
        .when(activities)
        .record(any(), any(), eq("pi_9"), anyList());

    PayAllView view = run(PayAllInput.How.SAVED);

    assertThat(view.stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(activities, times(2)).record(any(), any(), eq("pi_9"), anyList());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .as("the money was taken: settled, never released")
        .hasSize(3)
        .allMatch(s -> s.startsWith("settled"));
  }

  @Test
  void aPollStripeRefusesKeepsTheInvoicesHeldAndAsksAgain() {
    when(activities.start(any()))
        .thenReturn(
            started(
                new ChargeResult(
                    PaymentOutcome.PENDING, "pi_10", "processing", 0, null, null, null)));
    when(charges.retrieve(1L, "pi_10"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "Invalid API Key provided", "StripeAuthenticationFailure"))
        .thenReturn(ChargeResult.succeeded("pi_10", 3_600));

    assertThat(run(PayAllInput.How.SAVED).stage()).isEqualTo(PayAllView.Stage.SUCCEEDED);
    verify(charges, times(2)).retrieve(1L, "pi_10");
  }

  @Test
  void cancellingTheRunClosesThePaymentAtStripeThenReleasesEveryInvoice() {
    when(activities.start(any())).thenReturn(awaitingCustomer("pi_11"));
    when(activities.close(any(), eq("pi_11"), isNull()))
        .thenReturn(ChargeResult.declined("pi_11", "canceled", null, "The payment was canceled."));
    PayAllWorkflow workflow = start(PayAllInput.How.ON_SESSION);
    workflow.started();

    client.newUntypedWorkflowStub(WorkflowIds.payAll(BATCH)).cancel();

    org.assertj.core.api.Assertions.assertThatThrownBy(this::result)
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class);
    verify(activities, times(1)).close(any(), eq("pi_11"), isNull());
    assertThat(RecordingInvoiceWorkflow.signals(3))
        .hasSize(3)
        .allMatch(s -> s.startsWith("released"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private boolean started;

  /**
   * With {@code -Dsettle.histories.record=true}, writes each test's history where {@link
   * PayAllReplayTest} replays it on every build.
   */
  @AfterEach
  void recordHistory(TestInfo test) throws IOException {
    if (!Boolean.getBoolean("settle.histories.record") || !started) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(WorkflowIds.payAll(BATCH));
    Path file =
        PayAllReplayTest.HISTORIES.resolve(test.getTestMethod().orElseThrow().getName() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }

  private PayAllView run(PayAllInput.How how) {
    start(how);
    return result();
  }

  private PayAllView result() {
    return client.newUntypedWorkflowStub(WorkflowIds.payAll(BATCH)).getResult(PayAllView.class);
  }

  private PayAllWorkflow start(PayAllInput.How how) {
    started = true;
    worker.registerActivitiesImplementations(activities, charges);
    env.start();
    for (long invoice : INVOICES) {
      WorkflowClient.start(
          client.newWorkflowStub(
                  InvoicePaymentWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(WorkflowIds.invoicePayment(invoice))
                      .setTaskQueue(worker.getTaskQueue())
                      .build())
              ::run,
          null);
    }
    PayAllWorkflow workflow =
        client.newWorkflowStub(
            PayAllWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.payAll(BATCH))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        workflow::run,
        new PayAllInput(
            BATCH,
            1,
            5,
            INVOICES,
            "USD",
            PaymentSource.PORTAL,
            how,
            null,
            Duration.ofHours(1),
            null,
            null,
            null));
    return workflow;
  }

  private static BatchPayment.Started started(ChargeResult result) {
    return new BatchPayment.Started(result, null, null, null);
  }

  private static BatchPayment.Started awaitingCustomer(String paymentIntentId) {
    return new BatchPayment.Started(
        new ChargeResult(
            PaymentOutcome.PENDING,
            paymentIntentId,
            "requires_payment_method",
            0,
            null,
            null,
            null),
        paymentIntentId + "_secret_x",
        null,
        null);
  }
}
