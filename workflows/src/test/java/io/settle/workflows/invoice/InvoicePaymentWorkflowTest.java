package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
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
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** The invoice workflow on Temporal's time-skipping test server, with the activities mocked. */
class InvoicePaymentWorkflowTest {

  private static final long INVOICE_ID = 42;
  private static final String INVOICE_KEY = "inv_0123456789abcdef01234567";
  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(InvoicePaymentWorkflowImpl.class)
          .setDoNotStart(true)
          .setInitialTime(NOW)
          .build();

  private final LedgerActivities ledger =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private final ChargeActivities charges =
      mock(ChargeActivities.class, withSettings().withoutAnnotations());

  @Test
  void autopayOnCreationChargesOnceWithTheAttemptsKeyAndEndsPaid(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any())).thenReturn(ChargeResult.succeeded("pi_1", 12_000));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 12_000, "PAID"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoiceState end =
        workflow(client, worker).run(input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    ArgumentCaptor<AttemptStart> start = ArgumentCaptor.forClass(AttemptStart.class);
    verify(ledger).beginAttempt(start.capture());
    assertThat(start.getValue())
        .isEqualTo(
            new AttemptStart(
                "settle-" + INVOICE_KEY + "-attempt-1", INVOICE_ID, 1, 12_000, PaymentSource.AUTO));
    ArgumentCaptor<ChargeRequest> charged = ArgumentCaptor.forClass(ChargeRequest.class);
    verify(charges, times(1)).charge(charged.capture());
    assertThat(charged.getValue().idempotencyKey())
        .isEqualTo("settle-" + INVOICE_KEY + "-attempt-1");
    verify(ledger).recordOutcome(eq("settle-" + INVOICE_KEY + "-attempt-1"), any());
  }

  @Test
  void aDeclineIsRecordedAndTheInvoiceStaysOpen(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa_chargeDeclined");
    ChargeResult declined =
        ChargeResult.declined(
            "pi_2", "card_declined", "generic_decline", "Your card was declined.");
    when(charges.charge(any())).thenReturn(declined);
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 0, "OPEN"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(
        workflow::run, input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));
    env.sleep(Duration.ofMinutes(1));

    InvoicePaymentStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(status.amountDue()).isEqualTo(12_000);
    assertThat(status.attempts())
        .singleElement()
        .satisfies(
            attempt -> {
              assertThat(attempt.outcome()).isEqualTo(PaymentOutcome.DECLINED);
              assertThat(attempt.paymentIntentId()).isEqualTo("pi_2");
              assertThat(attempt.declineCode()).isEqualTo("generic_decline");
            });
    verify(ledger).recordOutcome("settle-" + INVOICE_KEY + "-attempt-1", declined);
  }

  @Test
  void autopayOnTheDueDateWaitsForItThenCharges(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any())).thenReturn(ChargeResult.succeeded("pi_3", 12_000));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 12_000, "PAID"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();
    LocalDate due = LocalDate.of(2026, 11, 15);

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(workflow::run, input(AutopayTiming.ON_DUE_DATE, due));
    env.sleep(Duration.ofDays(13));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.AWAITING_DUE_DATE);
    verify(charges, never()).charge(any());

    InvoiceState end = WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class);

    assertThat(end).isEqualTo(InvoiceState.PAID);
    assertThat(env.currentTimeMillis())
        .isGreaterThanOrEqualTo(due.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    verify(charges, times(1)).charge(any());
  }

  @Test
  void aTransientGatewayFailureIsRetriedWithTheSameKey(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any()))
        .thenThrow(
            ApplicationFailure.newFailure("connection reset", ChargeFailures.STRIPE_UNAVAILABLE))
        .thenThrow(ApplicationFailure.newFailure("429", ChargeFailures.STRIPE_UNAVAILABLE))
        .thenReturn(ChargeResult.succeeded("pi_4", 12_000));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 12_000, "PAID"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoiceState end =
        workflow(client, worker).run(input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    ArgumentCaptor<ChargeRequest> charged = ArgumentCaptor.forClass(ChargeRequest.class);
    verify(charges, times(3)).charge(charged.capture());
    assertThat(charged.getAllValues())
        .extracting(ChargeRequest::idempotencyKey)
        .containsOnly("settle-" + INVOICE_KEY + "-attempt-1");
    verify(ledger, times(1)).beginAttempt(any());
  }

  @Test
  void aRequestStripeRefusesIsRecordedOnTheAttemptAndTheRunStaysOpenForAFix(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "No such customer: 'cus_1'",
                ChargeFailures.STRIPE_INVALID_REQUEST,
                new ChargeFailures.Details("resource_missing", "req_1", 400)));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 0, "OPEN"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(
        workflow::run, input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));
    env.sleep(Duration.ofMinutes(1));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    verify(charges, times(1)).charge(any());
    ArgumentCaptor<ChargeResult> recorded = ArgumentCaptor.forClass(ChargeResult.class);
    verify(ledger).recordOutcome(eq("settle-" + INVOICE_KEY + "-attempt-1"), recorded.capture());
    assertThat(recorded.getValue().outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(recorded.getValue().errorCode()).isEqualTo("resource_missing");
    assertThat(recorded.getValue().message()).isEqualTo("No such customer: 'cus_1'");
  }

  @Test
  void anIdempotencyConflictIsResolvedWithStripeNotChargedAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "Keys for idempotent requests can only be used with the same parameters",
                ChargeFailures.STRIPE_IDEMPOTENCY_CONFLICT,
                new ChargeFailures.Details("idempotency_key_in_use", "req_2", 400)));
    when(charges.resolve(any(), isNull())).thenReturn(ChargeResult.succeeded("pi_7", 12_000));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 12_000, "PAID"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoiceState end =
        workflow(client, worker).run(input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    verify(charges, times(1)).charge(any());
    verify(ledger)
        .recordOutcome(
            "settle-" + INVOICE_KEY + "-attempt-1", ChargeResult.succeeded("pi_7", 12_000));
  }

  @Test
  void aLostAnswerIsResolvedByAskingStripeAndTheChargeIsNeverRepeated(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any()))
        .thenReturn(ChargeResult.unknown("api_error", "Stripe answered 500"));
    when(charges.resolve(any(), isNull())).thenReturn(ChargeResult.succeeded("pi_8", 12_000));
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 12_000, "PAID"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoiceState end =
        workflow(client, worker).run(input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));

    assertThat(end).isEqualTo(InvoiceState.PAID);
    verify(charges, times(1)).charge(any());
    ArgumentCaptor<ChargeRequest> resolved = ArgumentCaptor.forClass(ChargeRequest.class);
    verify(charges).resolve(resolved.capture(), isNull());
    assertThat(resolved.getValue().idempotencyKey())
        .isEqualTo("settle-" + INVOICE_KEY + "-attempt-1");
  }

  @Test
  void aLostAnswerWithNoPaymentIntentBehindItIsRecordedAsNothingCharged(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith("pm_card_visa");
    when(charges.charge(any()))
        .thenReturn(ChargeResult.unknown("api_error", "Stripe answered 500"));
    ChargeResult notMade = ChargeResult.notMade("Stripe has no PaymentIntent for this attempt.");
    when(charges.resolve(any(), isNull())).thenReturn(notMade);
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 0, "OPEN"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(
        workflow::run, input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));
    env.sleep(Duration.ofMinutes(1));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(workflow.status().attempts())
        .singleElement()
        .extracting(AttemptView::errorCode)
        .isEqualTo(ChargeResult.NO_PAYMENT_INTENT);
    verify(charges, times(1)).charge(any());
    verify(ledger).recordOutcome("settle-" + INVOICE_KEY + "-attempt-1", notMade);
  }

  @Test
  void withoutAnAutopayMethodNothingIsSentToStripe(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenLedgerWith(null);
    when(ledger.recordOutcome(anyString(), any()))
        .thenReturn(new InvoiceBalance(12_000, 0, "OPEN"));
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(
        workflow::run, input(AutopayTiming.ON_CREATION, LocalDate.of(2026, 11, 15)));
    env.sleep(Duration.ofMinutes(1));

    assertThat(workflow.status().attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.errorCode()).isEqualTo("payment_method_missing"));
    verify(charges, never()).charge(any());
  }

  @Test
  void withoutAutopayTheWorkflowWaitsAndChargesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(ledger, charges);
    env.start();

    InvoicePaymentWorkflow workflow = workflow(client, worker);
    WorkflowClient.start(workflow::run, input(AutopayTiming.OFF, LocalDate.of(2026, 11, 15)));
    env.sleep(Duration.ofDays(30));

    assertThat(workflow.status().state()).isEqualTo(InvoiceState.OPEN);
    assertThat(workflow.status().attempts()).isEmpty();
    verify(ledger, never()).beginAttempt(any());
    verify(charges, never()).charge(any());
  }

  private void givenLedgerWith(String paymentMethod) {
    when(ledger.beginAttempt(any()))
        .thenAnswer(
            call -> {
              AttemptStart start = call.getArgument(0);
              return new ChargeRequest(
                  start.idempotencyKey(),
                  7,
                  start.invoiceId(),
                  start.attemptNumber(),
                  start.amount(),
                  "USD",
                  "cus_1",
                  paymentMethod,
                  "Invoice INV-0042");
            });
  }

  private static InvoicePaymentWorkflow workflow(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        InvoicePaymentWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.invoicePayment(INVOICE_ID))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static InvoicePaymentInput input(AutopayTiming autopay, LocalDate due) {
    return new InvoicePaymentInput(
        7, INVOICE_ID, INVOICE_KEY, "INV-0042", 3, "Acme Ltd", "USD", 12_000, due, autopay);
  }
}
