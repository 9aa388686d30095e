package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of the invoice lifecycle on Temporal's time-skipping test server (days pass in
 * milliseconds), with the activities replaced by in-memory fakes of the ledger, Stripe and the
 * outbox. Each test asserts the final state, the ledger's rows and how many PaymentIntents Stripe
 * made.
 */
class InvoicePaymentWorkflowTest {

  private static final long INVOICE_ID = 42;
  private static final String INVOICE_KEY = "inv_0123456789abcdef01234567";
  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
  private static final LocalDate DUE = LocalDate.of(2026, 11, 15);
  private static final long TOTAL = 12_000;

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(InvoicePaymentWorkflowImpl.class)
            .setDoNotStart(true)
            .setInitialTime(NOW);
    InvoiceSearchAttributes.registrations().forEach(builder::registerSearchAttribute);
    return builder.build();
  }

  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;
  private FakeLedger ledger;
  private FakeStripe stripe;
  private final RecordingNotifications notifications = new RecordingNotifications();
  private boolean started;
  private InvoicePaymentWorkflow lastStarted;

  @BeforeEach
  void wire(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.worker = worker;
    this.client = client;
    this.stripe = new FakeStripe(() -> Instant.ofEpochMilli(env.currentTimeMillis()));
    this.ledger = new FakeLedger(TOTAL, "pm_card_visa", notifications);
  }

  // ---- when to charge -----------------------------------------------------------------------

  @Test
  void autopayOnCreationChargesOnceUnderTheFirstAttemptsKeyAndEndsPaid() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(stripe.requests.get(0).idempotencyKey())
        .isEqualTo("settle-" + INVOICE_KEY + "-attempt-1");
    assertThat(ledger.paid()).isEqualTo(TOTAL);
    assertThat(ledger.payments).hasSize(1);
    assertThat(ledger.lastShown()).isEqualTo(InvoiceState.PAID);
    assertThat(notifications.kinds()).containsExactly(NotificationKind.PAID);
    // Every event is written by the server and read back by each replay: a month-end wave of
    // invoices is as heavy as their histories.
    assertThat(historyLength()).as("history events of a paid invoice").isLessThanOrEqualTo(25);
  }

  @Test
  void autopayOnTheDueDateWaitsForItThenCharges() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_DUE_DATE));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(chargeTimes()).containsExactly(startOf(DUE));
    assertThat(ledger.shown).startsWith(InvoiceState.AWAITING_DUE_DATE);
  }

  @Test
  void aDueDateMoveMovesTheTimer() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_DUE_DATE));
    env.sleep(Duration.ofDays(2));
    LocalDate sooner = LocalDate.of(2026, 11, 5);

    workflow.invoiceChanged(new InvoiceChange(null, sooner));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(chargeTimes()).containsExactly(startOf(sooner));
  }

  @Test
  void withoutAutopayNothingIsChargedUntilAnAgentChargesNow() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofDays(30));
    assertThat(stripe.charges()).isZero();
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);

    AttemptView attempt =
        workflow.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT));

    assertThat(attempt.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void aChargeNowSentTheMomentTheInvoiceIsCreatedWaitsForTheRunAndPays() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));
    started = true;
    worker.registerActivitiesImplementations(ledger, stripe, notifications);
    env.start();
    InvoicePaymentWorkflow workflow =
        client.newWorkflowStub(
            InvoicePaymentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.invoicePayment(INVOICE_ID))
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());

    // Update-with-start: the update reaches the run with its first task, before the run begins.
    AttemptView attempt =
        WorkflowClient.executeUpdateWithStart(
            workflow::chargeNow,
            new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT),
            UpdateOptions.<AttemptView>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            new WithStartWorkflowOperation<>(workflow::run, input(AutopayTiming.OFF)));

    assertThat(attempt.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
  }

  @Test
  void aZeroTotalInvoiceIsPaidWithoutACharge() {
    ledger = new FakeLedger(0, "pm_card_visa", notifications);

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION, 0));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).isZero();
    assertThat(ledger.attempts).isEmpty();
  }

  // ---- declines and dunning ---------------------------------------------------------------------

  @Test
  void theFullDunningScheduleRunsThenTheInvoiceIsLeftOpen() {
    for (int i = 1; i <= 5; i++) {
      stripe.answerWith(FakeStripe.declined("pi_" + i, "insufficient_funds"));
    }
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));

    env.sleep(Duration.ofDays(20));

    InvoicePaymentStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(status.nextActionAt()).isNull();
    assertThat(chargeTimes())
        .containsExactly(
            NOW,
            NOW.plus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(1 + 3)),
            NOW.plus(Duration.ofDays(1 + 3 + 5)),
            NOW.plus(Duration.ofDays(1 + 3 + 5 + 7)));
    assertThat(stripe.paymentIntents()).isEqualTo(5);
    assertThat(ledger.attemptRows())
        .extracting(row -> row.outcome().outcome())
        .containsOnly(PaymentOutcome.DECLINED);
    assertThat(ledger.payments).isEmpty();
    List<Notification> failed =
        notifications.all().stream()
            .filter(n -> n.kind() == NotificationKind.PAYMENT_FAILED)
            .toList();
    assertThat(failed).hasSize(5);
    assertThat(failed.get(0).nextRetryAt().truncatedTo(ChronoUnit.MINUTES))
        .isEqualTo(NOW.plus(Duration.ofDays(1)));
    assertThat(failed.get(4).nextRetryAt()).isNull();
    assertThat(notifications.kinds()).contains(NotificationKind.DUNNING_EXHAUSTED);
    assertThat(historyLength())
        .as("history events of five declined attempts")
        .isLessThanOrEqualTo(80);
  }

  @Test
  void exhaustedDunningMarksTheInvoiceUncollectibleWhenThePolicySaysSo() {
    for (int i = 1; i <= 5; i++) {
      stripe.answerWith(FakeStripe.declined("pi_" + i, "generic_decline"));
    }
    CollectionPolicy writeOff =
        new CollectionPolicy(
            CollectionPolicy.defaults().retryDelays(),
            CollectionPolicy.ExhaustionPolicy.MARK_UNCOLLECTIBLE,
            Duration.ofDays(7),
            Duration.ofHours(6),
            Duration.ofDays(2),
            0);

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION, TOTAL, writeOff));

    assertThat(end).isEqualTo(InvoiceState.UNCOLLECTIBLE);
    assertThat(ledger.lastShown()).isEqualTo(InvoiceState.UNCOLLECTIBLE);
    assertThat(stripe.paymentIntents()).isEqualTo(5);
  }

  @Test
  void aHardDeclineStopsDunningAtOnce() {
    stripe.answerWith(FakeStripe.declined("pi_1", "lost_card"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));

    env.sleep(Duration.ofDays(20));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(notifications.kinds())
        .containsExactly(NotificationKind.PAYMENT_FAILED, NotificationKind.DUNNING_EXHAUSTED);
  }

  @Test
  void aDeclineFollowedByARetryThatSucceedsEndsPaid() {
    stripe.answerWith(FakeStripe.declined("pi_1", "insufficient_funds"));
    stripe.answerWith(ChargeResult.succeeded("pi_2", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(chargeTimes()).containsExactly(NOW, NOW.plus(Duration.ofDays(1)));
    assertThat(stripe.requests)
        .extracting(ChargeRequest::idempotencyKey)
        .containsExactly(
            "settle-" + INVOICE_KEY + "-attempt-1", "settle-" + INVOICE_KEY + "-attempt-2");
    assertThat(ledger.payments).hasSize(1);
  }

  @Test
  void voidDuringARetryWaitEndsTheRunWithoutAnotherCharge() {
    stripe.answerWith(FakeStripe.declined("pi_1", "insufficient_funds"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(12));
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);

    workflow.voidInvoice("issued in error");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.VOID);
    env.sleep(Duration.ofDays(10));
    assertThat(stripe.charges()).isEqualTo(1);
    assertThat(ledger.lastShown()).isEqualTo(InvoiceState.VOID);
  }

  // ---- 3-D Secure and ACH
  // -------------------------------------------------------------------------

  @Test
  void threeDSecureCompletedByTheWebhookEndsPaidWithoutASecondCharge() {
    stripe.answerWith(FakeStripe.requiresAction("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(2));
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.REQUIRES_ACTION);
    assertThat(notifications.kinds()).containsExactly(NotificationKind.REQUIRES_ACTION);

    workflow.paymentUpdated(succeeded("evt_1", "pi_1"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
  }

  @Test
  void anAuthenticatedPaymentThatStartsProcessingMovesItsAttemptRowWithTheInvoice() {
    stripe.answerWith(FakeStripe.requiresAction("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));
    assertThat(ledger.attemptRows().get(0).outcome().status()).isEqualTo("requires_action");

    workflow.paymentUpdated(
        new PaymentUpdate("evt_1", "pi_1", PaymentUpdate.Kind.PROCESSING, 0, null, null, null));
    env.sleep(Duration.ofMinutes(1));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(ledger.attemptRows().get(0).outcome().status()).isEqualTo("processing");
    workflow.paymentUpdated(succeeded("evt_2", "pi_1"));
    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void threeDSecureNotCompletedInTimeIsGivenUpAndNeverRetriedAutomatically() {
    stripe.answerWith(FakeStripe.requiresAction("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));

    env.sleep(Duration.ofDays(30));

    InvoicePaymentStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(status.attempts())
        .singleElement()
        .satisfies(
            attempt -> {
              assertThat(attempt.outcome()).isEqualTo(PaymentOutcome.DECLINED);
              assertThat(attempt.errorCode()).isEqualTo("authentication_expired");
            });
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void anAchPaymentProcessingForDaysEndsPaidOnItsWebhook() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(3));
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(ledger.lastShown()).isEqualTo(InvoiceState.PROCESSING);

    workflow.paymentUpdated(succeeded("evt_1", "pi_1"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void anAchPaymentThatFailsGoesIntoDunning() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(3));

    workflow.paymentUpdated(
        new PaymentUpdate(
            "evt_1",
            "pi_1",
            PaymentUpdate.Kind.FAILED,
            0,
            "insufficient_funds",
            null,
            "The account has insufficient funds."));
    env.sleep(Duration.ofHours(1));

    InvoicePaymentStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(status.attempts().get(0).outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(ledger.payments).isEmpty();
  }

  @Test
  void aProcessingPaymentWhoseWebhookNeverComesIsSettledByAskingStripe() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    stripe.lookUpAs(FakeStripe.processing("pi_1"));
    stripe.lookUpAs(ChargeResult.succeeded("pi_1", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
  }

  // ---- webhooks: duplicates and disorder ------------------------------------------------------

  @Test
  void aDuplicateWebhookIsAppliedOnce() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));
    PaymentUpdate failed =
        new PaymentUpdate(
            "evt_1", "pi_1", PaymentUpdate.Kind.FAILED, 0, "insufficient_funds", null, null);

    workflow.paymentUpdated(failed);
    workflow.paymentUpdated(failed);
    env.sleep(Duration.ofHours(1));

    // One decline moved dunning one step: the first retry is a day away, not the second.
    InvoicePaymentStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(status.nextActionAt().truncatedTo(ChronoUnit.MINUTES))
        .isEqualTo(NOW.plus(Duration.ofHours(1)).plus(Duration.ofDays(1)));
    assertThat(
            notifications.all().stream()
                .filter(n -> n.kind() == NotificationKind.PAYMENT_FAILED)
                .count())
        .isEqualTo(1);
  }

  @Test
  void aLateCanceledWebhookAfterSucceededChangesNothing() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));

    workflow.paymentUpdated(succeeded("evt_2", "pi_1"));
    workflow.paymentUpdated(
        new PaymentUpdate("evt_1", "pi_1", PaymentUpdate.Kind.CANCELED, 0, null, null, null));
    workflow.paymentUpdated(
        new PaymentUpdate("evt_0", "pi_1", PaymentUpdate.Kind.PROCESSING, 0, null, null, null));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
    assertThat(ledger.attemptRows().get(0).outcome().outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
  }

  @Test
  void aLongRunContinuesAsNewAndKeepsItsState() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));
    // Enough webhook noise (events about other PaymentIntents) to pass 4,096 events, where a
    // server suggests continuing as new and the run does so at the latest.
    int sent = sendNoiseUntilContinuedAsNew(workflow, 6_000);

    WorkflowExecutionHistory current = client.fetchHistory(WorkflowIds.invoicePayment(INVOICE_ID));
    assertThat(currentRunContinuesAnother()).isTrue();
    assertThat(current.getEvents().size()).isLessThan(4_096);
    InvoicePaymentStatus carried = workflow.status();
    assertThat(carried.state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(carried.attempts())
        .singleElement()
        .extracting(AttemptView::paymentIntentId)
        .isEqualTo("pi_1");
    assertThat(carried.nextAction()).isEqualTo("ask Stripe about the processing payment");

    // A recent event is still known after the new run began; the awaited one settles the invoice.
    workflow.paymentUpdated(
        new PaymentUpdate(
            "evt_noise_" + (sent - 1),
            "pi_1",
            PaymentUpdate.Kind.FAILED,
            0,
            "card_declined",
            null,
            null));
    workflow.paymentUpdated(succeeded("evt_paid", "pi_1"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
  }

  // ---- charge now, partial and external payments ------------------------------------------------

  @Test
  void chargeNowIsRefusedWhileAPaymentIsPending() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));

    assertThatThrownBy(
            () -> workflow.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("processing");
    assertThat(stripe.charges()).isEqualTo(1);
  }

  @Test
  void chargeNowIsRefusedForMoreThanIsOwed() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));

    assertThatThrownBy(
            () -> workflow.chargeNow(new ChargeNow(null, TOTAL + 1, ChargeNow.ChargeSource.AGENT)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("owed");
    assertThat(stripe.charges()).isZero();
  }

  @Test
  void aPartialChargeThenAnExternalPaymentForTheRestEndsPaid() {
    stripe.answerWith(ChargeResult.succeeded("pi_1", 5_000));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));

    AttemptView partial =
        workflow.chargeNow(
            new ChargeNow("pm_card_mastercard", 5_000L, ChargeNow.ChargeSource.AGENT));
    assertThat(partial.amount()).isEqualTo(5_000);
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PARTIALLY_PAID);
    assertThat(stripe.requests.get(0).paymentMethodId()).isEqualTo("pm_card_mastercard");

    workflow.externalPaymentReceived(
        new ExternalPayment("cheque-1001", 7_000, ExternalPayment.Method.CHEQUE));
    workflow.externalPaymentReceived(
        new ExternalPayment("cheque-1001", 7_000, ExternalPayment.Method.CHEQUE));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
    assertThat(ledger.payments.values())
        .extracting(FakeLedger.Payment::amount)
        .containsExactly(5_000L, 7_000L);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void aPayAllReservationHoldsOtherChargesAndItsSettlementPaysTheInvoice() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));

    long owed = workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));

    assertThat(owed).isEqualTo(TOTAL);
    assertThatThrownBy(
            () -> workflow.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.PORTAL)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("pay_all_1");
    assertThatThrownBy(() -> workflow.reserveForPayAll(new PayAll.Reservation("pay_all_2", TOTAL)))
        .isInstanceOf(WorkflowUpdateException.class);

    workflow.payAllSettled(new PayAll.Settlement("pay_all_1", TOTAL, "pi_all"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).isZero();
    // The pay-all's receipt is the customer's confirmation; the invoice sends none of its own.
    assertThat(notifications.kinds()).doesNotContain(NotificationKind.PAID);
  }

  @Test
  void aPayAllReservationAddsTheProcessingFeeOnceAndAnsweringAgainGivesTheSameShare() {
    CollectionPolicy withFee = withProcessingFee(250);
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF, TOTAL, withFee));
    env.sleep(Duration.ofMinutes(1));

    long share = workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));
    long again = workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));

    assertThat(share).isEqualTo(12_300); // 2.5% of 120.00 on top
    assertThat(again).isEqualTo(share);
    assertThat(ledger.fee()).isEqualTo(300);
    workflow.payAllSettled(new PayAll.Settlement("pay_all_1", share, "pi_all"));
    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).isZero();
  }

  @Test
  void aVoidDuringAPayAllReservationWaitsAndAppliesOnlyIfThePaymentIsReleased() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));
    workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));

    workflow.voidInvoice("customer went elsewhere");
    env.sleep(Duration.ofMinutes(1));
    assertThat(workflow.status().state())
        .as("the payment may already be taken: the void waits for it")
        .isEqualTo(InvoiceState.PROCESSING);

    workflow.payAllReleased("pay_all_1");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.VOID);
  }

  @Test
  void aVoidDuringAPayAllReservationComesTooLateWhenThePaymentSettles() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));
    workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));
    workflow.voidInvoice("too late");
    env.sleep(Duration.ofMinutes(1));

    workflow.payAllSettled(new PayAll.Settlement("pay_all_1", TOTAL, "pi_all"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
  }

  @Test
  void anExternalPaymentIsRecordedBeforeTheAnswerAndOneTooLargeLeavesTheExcessAsCredit() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));

    InvoicePaymentStatus after =
        workflow.recordExternalPayment(
            new ExternalPayment("CHQ-1", 5_000, ExternalPayment.Method.CHEQUE));
    assertThat(after.amountPaid()).isEqualTo(5_000);
    InvoicePaymentStatus again =
        workflow.recordExternalPayment(
            new ExternalPayment("CHQ-1", 5_000, ExternalPayment.Method.CHEQUE));
    assertThat(again.amountPaid()).as("the same reference records nothing").isEqualTo(5_000);

    InvoicePaymentStatus paid =
        workflow.recordExternalPayment(
            new ExternalPayment("WIRE-2", 8_000, ExternalPayment.Method.WIRE));

    assertThat(paid.state()).isEqualTo(InvoiceState.PAID);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(ledger.paid()).isEqualTo(TOTAL);
    assertThat(ledger.credit()).as("the 1000 nobody owed").isEqualTo(1_000);
    assertThat(stripe.paymentIntents()).isZero();
  }

  // ---- customer credit ----------------------------------------------------------------------

  @Test
  void aNewInvoiceTakesTheCustomersCreditFirstAndChargesOnlyTheRest() {
    ledger.giveCredit(5_000);
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL - 5_000));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(ledger.payments.values())
        .extracting(FakeLedger.Payment::source, FakeLedger.Payment::amount)
        .containsExactly(tuple("CREDIT", 5_000L), tuple("STRIPE", 7_000L));
    assertThat(ledger.payments).containsKey(INVOICE_KEY + "-credit-1");
    assertThat(stripe.requests).singleElement().extracting(ChargeRequest::amount).isEqualTo(7_000L);
    assertThat(ledger.credit()).isZero();
  }

  @Test
  void creditThatCoversTheInvoicePaysItWithoutAnyCharge() {
    ledger.giveCredit(TOTAL + 500);

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isZero();
    assertThat(ledger.credit()).isEqualTo(500);
    assertThat(notifications.kinds()).containsExactly(NotificationKind.PAID);
  }

  @Test
  void creditAskedForLaterPaysAnOpenInvoiceAndIsRefusedWhileAPaymentIsInFlight() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow open = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));
    ledger.giveCredit(3_000);

    InvoicePaymentStatus after = open.applyCredit("credit applied by an agent");

    assertThat(after.amountPaid()).isEqualTo(3_000);
    assertThat(after.state()).isEqualTo(InvoiceState.PARTIALLY_PAID);
    ledger.giveCredit(1_000);
    assertThat(open.applyCredit("again").amountPaid())
        .as("a second payment from credit takes the next key")
        .isEqualTo(4_000);
    assertThat(ledger.payments).containsKeys(INVOICE_KEY + "-credit-1", INVOICE_KEY + "-credit-2");

    open.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT)); // processing
    ledger.giveCredit(1_000);
    assertThatThrownBy(() -> open.applyCredit("while processing"))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("under way");
    assertThat(ledger.credit()).isEqualTo(1_000);
  }

  @Test
  void whileAPayAllPaymentHoldsTheInvoiceAnExternalPaymentIsRefused() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));
    workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));

    assertThatThrownBy(
            () ->
                workflow.recordExternalPayment(
                    new ExternalPayment("CHQ-1", 1_000, ExternalPayment.Method.CHEQUE)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("under way");
    assertThat(ledger.paid()).isZero();
  }

  @Test
  void aReleasedPayAllReservationGivesDunningItsPlanBack() {
    stripe.answerWith(FakeStripe.declined("pi_1", "insufficient_funds"));
    stripe.answerWith(ChargeResult.succeeded("pi_2", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));
    workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));

    env.sleep(Duration.ofDays(2)); // the first retry's time passes while reserved
    assertThat(stripe.charges()).isEqualTo(1);
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PROCESSING);

    workflow.payAllReleased("pay_all_1");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(2);
  }

  @Test
  void aPayAllReservationIsRefusedWhileAPaymentIsProcessing() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofHours(1));

    assertThatThrownBy(() -> workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("under way");
  }

  @Test
  void theProcessingFeeIsAddedOnceAcrossRetriesAndCharged() {
    stripe.answerWith(FakeStripe.declined("pi_1", "insufficient_funds"));
    stripe.answerWith(ChargeResult.succeeded("pi_2", 12_300));
    CollectionPolicy withFee = withProcessingFee(250);

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION, TOTAL, withFee));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(ledger.fee()).isEqualTo(300); // 2.5% of 120.00
    assertThat(stripe.requests).extracting(ChargeRequest::amount).containsOnly(12_300L);
    assertThat(ledger.paid()).isEqualTo(12_300);
  }

  // ---- lost answers and refusals
  // ------------------------------------------------------------------

  @Test
  void anUnknownOutcomeResolvedAsChargedIsPaidWithoutChargingAgain() {
    stripe.answerWith(ChargeResult.unknown("api_error", "Stripe answered 500"));
    stripe.lookUpAs(ChargeResult.succeeded("pi_8", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).isEqualTo(1);
    assertThat(ledger.attemptRows().get(0).outcome().paymentIntentId()).isEqualTo("pi_8");
  }

  @Test
  void anUnknownOutcomeResolvedAsNotChargedIsRecordedAsNothingCharged() {
    stripe.answerWith(ChargeResult.unknown("api_error", "Stripe answered 500"));
    stripe.lookUpAs(ChargeResult.notMade("Stripe has no PaymentIntent for this attempt."));
    stripe.answerWith(ChargeResult.succeeded("pi_2", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    // Nothing was charged, so dunning's next retry (a new attempt, a new key) is safe.
    assertThat(ledger.attemptRows().get(0).outcome().errorCode())
        .isEqualTo(ChargeResult.NO_PAYMENT_INTENT);
    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
  }

  @Test
  void aTransientGatewayFailureIsRetriedUnderTheSameKey() {
    stripe.answer(
        () -> {
          throw ApplicationFailure.newFailure(
              "connection reset", ChargeFailures.STRIPE_UNAVAILABLE);
        });
    stripe.answerWith(ChargeResult.succeeded("pi_4", TOTAL));

    InvoiceState end = runToEnd(input(AutopayTiming.ON_CREATION));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.requests)
        .extracting(ChargeRequest::idempotencyKey)
        .containsOnly("settle-" + INVOICE_KEY + "-attempt-1");
    assertThat(ledger.attempts).hasSize(1);
  }

  @Test
  void aRequestStripeRefusesIsRecordedOnTheAttemptAndStopsDunning() {
    stripe.answer(
        () -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "No such customer: 'cus_1'",
              ChargeFailures.STRIPE_INVALID_REQUEST,
              new ChargeFailures.Details("resource_missing", "req_1", 400));
        });
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofDays(20));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(ledger.attemptRows().get(0).outcome().errorCode()).isEqualTo("resource_missing");
    assertThat(stripe.requests).hasSize(1);
  }

  @Test
  void aRefusalWithoutAStripeCodeIsRecordedWithStripesErrorTypeNotSettlesFailureName() {
    stripe.answer(
        () -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "The provided PaymentMethod belongs to another Customer.",
              ChargeFailures.STRIPE_INVALID_REQUEST,
              new ChargeFailures.Details(null, "req_2", 400));
        });
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));

    AttemptView attempt =
        workflow.chargeNow(new ChargeNow("pm_theirs", null, ChargeNow.ChargeSource.AGENT));

    assertThat(attempt.errorCode()).isEqualTo("invalid_request_error");
    assertThat(ledger.attemptRows().get(0).outcome().errorCode())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void withoutAPaymentMethodNothingIsSentToStripe() {
    ledger = new FakeLedger(TOTAL, null, notifications);
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofDays(20));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(stripe.requests).isEmpty();
    assertThat(ledger.attemptRows().get(0).outcome().errorCode())
        .isEqualTo("payment_method_missing");
  }

  // ---- promises kept under faults: never charge twice, never lose a payment
  // ----------------------

  @Test
  void aPayAllReservationTravelsAcrossContinueAsNewAndItsSettlementPaysTheInvoice() {
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_DUE_DATE));
    env.sleep(Duration.ofMinutes(1));
    workflow.reserveForPayAll(new PayAll.Reservation("pay_all_1", TOTAL));
    // Webhook noise while the customer pays: enough to make Temporal suggest continuing as new.
    sendNoiseUntilContinuedAsNew(workflow, 6_000);

    assertThat(currentRunContinuesAnother())
        .as("a reservation does not hold the history unbounded")
        .isTrue();
    assertThatThrownBy(
            () -> workflow.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT)))
        .as("the new run still holds the invoice for the pay-all payment")
        .rootCause()
        .hasMessageContaining("pay_all_1");

    workflow.payAllSettled(new PayAll.Settlement("pay_all_1", TOTAL, "pi_all"));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).as("the due date passed while reserved: no charge").isZero();
  }

  @Test
  void anOutcomeStillUnknownAfterTheLookupKeepsTheInvoiceBlockedAndIsAskedAgainNeverRecharged() {
    stripe.answerWith(ChargeResult.unknown("api_error", "Stripe answered 500"));
    stripe.lookUpAs(ChargeResult.unknown("api_error", "Stripe answered 500 again"));
    stripe.lookUpAs(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofSeconds(30));

    InvoicePaymentStatus blocked = workflow.status();
    assertThat(blocked.state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(blocked.nextActionAt()).as("asked again on a backoff").isNotNull();
    assertThatThrownBy(
            () -> workflow.chargeNow(new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT)))
        .as("a second key while the first charge may still succeed")
        .rootCause()
        .hasMessageContaining("processing");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).isEqualTo(1);
    assertThat(stripe.requests)
        .extracting(ChargeRequest::idempotencyKey)
        .containsOnly("settle-" + INVOICE_KEY + "-attempt-1");
    assertThat(ledger.attemptRows()).singleElement();
    assertThat(ledger.paid()).isEqualTo(TOTAL);
  }

  @Test
  void aDatabaseBlipWhileBeginningAnAttemptIsRetriedNotRecordedAsAProblemForAnHour() {
    ledger.beginAttemptOutages = 3;
    stripe.answerWith(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));

    env.sleep(Duration.ofMinutes(1));

    assertThat(workflow.status().problem())
        .as("a blip is retried in seconds: %s", workflow.status().problem())
        .isNull();
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PAID);
  }

  @Test
  void aRetryNowAsksStripeAtOnceAboutAnUnknownOutcomeInsteadOfWaitingForItsLookup() {
    stripe.answerWith(ChargeResult.unknown("api_error", "Stripe answered 500"));
    stripe.lookUpAs(ChargeResult.unknown("api_error", "Stripe answered 500 again"));
    stripe.lookUpAs(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofSeconds(30));
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(stripe.lookups()).as("the lookup right after the 500").isEqualTo(1);

    // What the reconciliation janitor sends about an attempt unknown too long: no problem is
    // recorded yet (that takes a day), and the next lookup is minutes away.
    workflow.retryNow("reconciliation: unknown for over an hour");
    env.sleep(Duration.ofSeconds(10));

    assertThat(stripe.lookups()).as("asked at once, not at the end of its backoff").isEqualTo(2);
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.PAID);
    assertThat(stripe.charges()).as("looked up, never charged again").isEqualTo(1);
  }

  @Test
  void aPollStripeRefusesKeepsTheRunAliveAndItRecoversWhenStripeAnswers() {
    stripe.answerWith(FakeStripe.processing("pi_1"));
    stripe.lookUpWith(
        () -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Invalid API Key provided: sk_test_****wxyz",
              ChargeFailures.STRIPE_AUTHENTICATION,
              new ChargeFailures.Details(null, "req_1", 401));
        });
    stripe.lookUpAs(ChargeResult.succeeded("pi_1", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));

    env.sleep(Duration.ofHours(7)); // the first poll, at 6 h, is refused

    assertThat(stripe.lookups()).isEqualTo(1);
    assertThat(describe().getStatus())
        .as("a refused activity does not end the invoice's run")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    InvoicePaymentStatus stuck = workflow.status();
    assertThat(stuck.state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(stuck.problem().failure()).isEqualTo(ChargeFailures.STRIPE_AUTHENTICATION);

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(stripe.paymentIntents()).isEqualTo(1);
    assertThat(workflow.status().problem()).isNull();
  }

  @Test
  void aRevokedMerchantKeyPausesCollectionWithoutTellingTheCustomerOrSpendingDunning() {
    stripe.answer(
        () -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Invalid API Key provided: sk_test_****wxyz",
              ChargeFailures.STRIPE_AUTHENTICATION,
              new ChargeFailures.Details(null, "req_1", 401));
        });
    for (int i = 1; i <= 5; i++) {
      stripe.answerWith(FakeStripe.declined("pi_" + i, "insufficient_funds"));
    }
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofMinutes(5));

    InvoicePaymentStatus paused = workflow.status();
    assertThat(paused.problem().kind()).isEqualTo(InvoiceProblem.Kind.MERCHANT_STRIPE_ACCESS);
    assertThat(paused.nextActionAt().truncatedTo(ChronoUnit.MINUTES))
        .as("collection pauses, then tries again")
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(notifications.kinds())
        .as("the customer is not told their payment failed: the merchant's key did")
        .containsExactly(NotificationKind.MERCHANT_STRIPE_ACCESS);
    assertThat(ledger.attemptRows().get(0).outcome().errorCode())
        .isEqualTo(ChargeFailures.STRIPE_AUTHENTICATION);

    // Once Stripe accepts the key again, the customer still gets the whole dunning schedule.
    env.sleep(Duration.ofDays(30));
    assertThat(stripe.paymentIntents()).isEqualTo(5);
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(workflow.status().problem()).isNull();
  }

  @Test
  void aPausedInvoiceTakesItsStepAtOnceWhenToldTheCauseIsFixed() {
    stripe.answer(
        () -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Invalid API Key provided: sk_test_****wxyz",
              ChargeFailures.STRIPE_AUTHENTICATION,
              new ChargeFailures.Details(null, "req_1", 401));
        });
    stripe.answerWith(ChargeResult.succeeded("pi_2", TOTAL));
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.ON_CREATION));
    env.sleep(Duration.ofMinutes(5));
    assertThat(workflow.status().problem()).isNotNull();

    workflow.retryNow("new Stripe keys");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
        .isEqualTo(InvoiceState.PAID);
    assertThat(chargeTimes())
        .as("the try Stripe took came when told, not an hour later")
        .containsExactly(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void anAmountRefusedAfterWaitingForAChargeUnderWayIsAnAmountRefusal() throws Exception {
    java.util.concurrent.CountDownLatch stripeAnswers = new java.util.concurrent.CountDownLatch(1);
    stripe.answer(
        () -> {
          try {
            stripeAnswers.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ChargeResult.succeeded("pi_1", 5_000);
        });
    InvoicePaymentWorkflow workflow = start(input(AutopayTiming.OFF));
    env.sleep(Duration.ofMinutes(1));
    java.util.concurrent.CompletableFuture<AttemptView> first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> workflow.chargeNow(new ChargeNow(null, 5_000L, ChargeNow.ChargeSource.AGENT)));
    while (stripe.requests.isEmpty()) {
      Thread.onSpinWait(); // the first charge is at Stripe
    }
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    io.temporal.client.WorkflowUpdateHandle<AttemptView> second =
        stub.startUpdate(
            "chargeNow",
            WorkflowUpdateStage.ACCEPTED,
            AttemptView.class,
            new ChargeNow(null, 10_000L, ChargeNow.ChargeSource.AGENT));
    stripeAnswers.countDown();

    assertThat(first.get().outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThatThrownBy(() -> second.getResult())
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            refused -> {
              assertThat(refused.getType()).isEqualTo(Refusal.FAILURE_TYPE);
              assertThat(refused.getDetails().get(Refusal.Kind.class))
                  .isEqualTo(Refusal.Kind.AMOUNT);
            });
    assertThat(stripe.charges()).isEqualTo(1);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * With {@code -Dsettle.histories.record=true}, writes each test's history to
   * src/test/resources/histories, where {@link InvoicePaymentReplayTest} replays it on every build:
   * a change to the workflow that would break running invoices then fails the build.
   */
  @AfterEach
  void recordHistory(TestInfo test) throws IOException {
    if (!Boolean.getBoolean("settle.histories.record") || !started) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(WorkflowIds.invoicePayment(INVOICE_ID));
    Path file =
        Path.of(
            "src/test/resources/histories", test.getTestMethod().orElseThrow().getName() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }

  /** The default policy with a processing fee of {@code basisPoints}. */
  private static CollectionPolicy withProcessingFee(int basisPoints) {
    CollectionPolicy defaults = CollectionPolicy.defaults();
    return new CollectionPolicy(
        defaults.retryDelays(),
        defaults.onExhaustion(),
        defaults.requiresActionExpiry(),
        defaults.processingPollStart(),
        defaults.processingPollMax(),
        basisPoints);
  }

  private InvoicePaymentWorkflow start(InvoicePaymentInput input) {
    started = true;
    worker.registerActivitiesImplementations(ledger, stripe, notifications);
    env.start();
    InvoicePaymentWorkflow workflow =
        client.newWorkflowStub(
            InvoicePaymentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.invoicePayment(INVOICE_ID))
                .setTaskQueue(worker.getTaskQueue())
                .setTypedSearchAttributes(InvoiceSearchAttributes.atStart(input))
                .build());
    WorkflowClient.start(workflow::run, input);
    lastStarted = workflow;
    return workflow;
  }

  private int historyLength() {
    return client.fetchHistory(WorkflowIds.invoicePayment(INVOICE_ID)).getEvents().size();
  }

  /** Whether the invoice's current run began by continuing an earlier one. */
  private boolean currentRunContinuesAnother() {
    return !client
        .fetchHistory(WorkflowIds.invoicePayment(INVOICE_ID))
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getContinuedExecutionRunId()
        .isEmpty();
  }

  /**
   * Signals about another PaymentIntent, in rounds, until the run continues as new (or gives up).
   */
  private int sendNoiseUntilContinuedAsNew(InvoicePaymentWorkflow workflow, int atMost) {
    int sent = 0;
    while (sent < atMost && !currentRunContinuesAnother()) {
      for (int i = 0; i < 500; i++, sent++) {
        workflow.paymentUpdated(
            new PaymentUpdate(
                "evt_noise_" + sent,
                "pi_other",
                PaymentUpdate.Kind.SUCCEEDED,
                1,
                null,
                null,
                null));
      }
      env.sleep(Duration.ofMinutes(1));
    }
    return sent;
  }

  private io.temporal.api.workflow.v1.WorkflowExecutionInfo describe() {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowStub.fromTyped(lastStarted).getExecution())
                .build())
        .getWorkflowExecutionInfo();
  }

  private InvoiceState runToEnd(InvoicePaymentInput input) {
    return WorkflowStub.fromTyped(start(input)).getResult(InvoiceState.class);
  }

  /**
   * When Stripe was called, to the minute: durable timers fire at their time, and the test server
   * adds the few real milliseconds its activities take.
   */
  private List<Instant> chargeTimes() {
    return stripe.chargedAt.stream().map(t -> t.truncatedTo(ChronoUnit.MINUTES)).toList();
  }

  private static PaymentUpdate succeeded(String eventId, String paymentIntentId) {
    return new PaymentUpdate(
        eventId, paymentIntentId, PaymentUpdate.Kind.SUCCEEDED, TOTAL, null, null, null);
  }

  private static InvoicePaymentInput input(AutopayTiming autopay) {
    return input(autopay, TOTAL);
  }

  private static InvoicePaymentInput input(AutopayTiming autopay, long total) {
    return input(autopay, total, CollectionPolicy.defaults());
  }

  private static InvoicePaymentInput input(
      AutopayTiming autopay, long total, CollectionPolicy policy) {
    return InvoicePaymentInput.of(
        7, INVOICE_ID, INVOICE_KEY, "INV-0042", 3, "Acme Ltd", "USD", total, DUE, autopay, policy);
  }

  private static Instant startOf(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
