package io.settle.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.api.customer.StripeCustomerEvents;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.stubbing.Answer;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The dispatch loop delivers what it claims, each invoice's events in the order the store gives,
 * and a failing event is that event's business: it gets its own backoff, or is parked as DEAD after
 * its last try, and the batch goes on.
 */
class StripeEventDispatchLoopTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final StripeEventRepository events = mock(StripeEventRepository.class);
  private final WorkflowClient workflows = mock(WorkflowClient.class);
  private final InvoicePaymentWorkflow workflow = mock(InvoicePaymentWorkflow.class);
  private final InvoicePaymentWorkflow poisoned = mock(InvoicePaymentWorkflow.class);
  private final StripeCustomerEvents customerEvents = mock(StripeCustomerEvents.class);
  private final WebhookProperties properties =
      new WebhookProperties(
          Duration.ofSeconds(30),
          2,
          Duration.ofMinutes(1),
          Duration.ofSeconds(2),
          Duration.ofHours(24),
          10,
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          4);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final StripeEventDispatchLoop loop =
      new StripeEventDispatchLoop(
          events,
          new StripeEventDispatcher(
              workflows,
              events,
              properties,
              customerEvents,
              org.mockito.Mockito.mock(io.settle.api.balance.CashBalanceEvents.class),
              clock),
          properties,
          clock);

  @Test
  void storedEventsAreSignalledInTheOrderTheStoreGivesAndMarkedDispatched() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    claims(
        stored(1, "evt_a", "payment_intent.processing", "42", 0),
        stored(2, "evt_b", "payment_intent.succeeded", "42", 0));

    assertThat(loop.dispatchDue().delivered()).isEqualTo(2);

    var order = org.mockito.Mockito.inOrder(workflow);
    order
        .verify(workflow)
        .paymentUpdated(
            new PaymentUpdate("evt_a", "pi_1", PaymentUpdate.Kind.PROCESSING, 0, null, null, null));
    order
        .verify(workflow)
        .paymentUpdated(
            new PaymentUpdate(
                "evt_b", "pi_1", PaymentUpdate.Kind.SUCCEEDED, 500, null, null, null));
    verify(events).markDispatched(List.of(1L, 2L), NOW);
  }

  @Test
  void aRunClaimsDueEventsByTheClockLeavingFreshOnesToTheirRequestAndLeasingTheBatch() {
    claims();

    loop.dispatchDue();

    ArgumentCaptor<Function<List<StoredStripeEvent>, Instant>> lease = leaseCaptor();
    verify(events).claimDue(eq(NOW), eq(NOW.minus(Duration.ofMinutes(1))), lease.capture(), eq(2));
    // Signals of at most 2 s, 4 at a time: one invoice's two events go one after the other (2 + 1
    // round + 1 to spare = 8 s); two invoices' events go side by side (1 + 1 round + 1 = 6 s).
    assertThat(
            lease
                .getValue()
                .apply(
                    List.of(
                        stored(1, "evt_a", "payment_intent.processing", "42", 0),
                        stored(2, "evt_b", "payment_intent.succeeded", "42", 0))))
        .isEqualTo(NOW.plus(Duration.ofSeconds(8)));
    assertThat(
            lease
                .getValue()
                .apply(
                    List.of(
                        stored(1, "evt_a", "payment_intent.succeeded", "42", 0),
                        stored(2, "evt_b", "payment_intent.succeeded", "43", 0))))
        .isEqualTo(NOW.plus(Duration.ofSeconds(6)));
  }

  @Test
  void aBatchOfSingleEventsIsLeasedSecondsNotTheTimeOneInvoicesHundredEventsCouldTake() {
    List<StoredStripeEvent> hundredInvoices = new java.util.ArrayList<>();
    List<StoredStripeEvent> oneInvoice = new java.util.ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      hundredInvoices.add(stored(i, "evt_" + i, "payment_intent.succeeded", "" + (1000 + i), 0));
      oneInvoice.add(stored(i, "evt_" + i, "payment_intent.succeeded", "42", 0));
    }
    Duration timeout = Duration.ofSeconds(5);

    assertThat(StripeEventDispatchLoop.claimLease(hundredInvoices, timeout, 16))
        .as("7 rounds of 16, one event each, and one to spare")
        .isEqualTo(Duration.ofSeconds(5 * (7 + 1 + 1)));
    assertThat(StripeEventDispatchLoop.claimLease(oneInvoice, timeout, 16))
        .as("one invoice's events go one by one")
        .isEqualTo(Duration.ofSeconds(5 * (7 + 100 + 1)));
  }

  @SuppressWarnings("unchecked")
  private static ArgumentCaptor<Function<List<StoredStripeEvent>, Instant>> leaseCaptor() {
    return ArgumentCaptor.forClass(Function.class);
  }

  @Test
  void anEventThatAlwaysFailsDoesNotKeepTheEventsBehindItFromBeingDelivered() {
    poisonInvoice41();
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    claims(
        stored(1, "evt_poison", "payment_intent.succeeded", "41", 3),
        stored(2, "evt_b", "payment_intent.succeeded", "42", 1));

    assertThat(loop.dispatchDue().delivered()).isEqualTo(1);

    // Its fourth failed try: 30 s doubled three times.
    verify(events).markFailed(eq(1L), anyString(), eq(NOW.plus(Duration.ofMinutes(4))));
    verify(events).markDispatched(List.of(2L), NOW);
  }

  @Test
  void aFailureThatIsNotTemporalsIsStillOnlyThatEventsAndTheBatchGoesOn() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    given(customerEvents.apply(eq(7L), eq("payment_method.attached"), anyString()))
        .willThrow(new IllegalStateException("a payload the mirror cannot read"));
    claims(
        stored(1, "evt_odd", "payment_method.attached", null, 0),
        stored(2, "evt_b", "payment_intent.succeeded", "42", 0));

    assertThat(loop.dispatchDue().delivered()).isEqualTo(1);

    verify(events)
        .markFailed(
            eq(1L),
            eq("IllegalStateException: a payload the mirror cannot read"),
            eq(NOW.plusSeconds(30)));
    verify(events).markDispatched(List.of(2L), NOW);
  }

  @Test
  void theBackoffDoublesFromItsStartAndStopsAtItsCap() {
    poisonInvoice41();
    claims(
        stored(1, "evt_first", "payment_intent.succeeded", "41", 0),
        stored(2, "evt_eighth", "payment_intent.succeeded", "41", 7));

    loop.dispatchDue();

    verify(events).markFailed(eq(1L), anyString(), eq(NOW.plusSeconds(30)));
    // 30 s × 2^7 would be 64 min; the cap is an hour.
    verify(events).markFailed(eq(2L), anyString(), eq(NOW.plus(Duration.ofHours(1))));
  }

  @Test
  void anEventOutOfTriesIsParkedAsDeadAndTheBatchGoesOn() {
    poisonInvoice41();
    given(customerEvents.apply(eq(7L), eq("payment_method.attached"), anyString()))
        .willThrow(new DataIntegrityViolationException("Data too long for column 'brand'"));
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    claims(
        stored(1, "evt_poison", "payment_intent.succeeded", "41", 9),
        stored(2, "evt_mirror", "payment_method.attached", null, 9),
        stored(3, "evt_b", "payment_intent.succeeded", "42", 0));

    assertThat(loop.dispatchDue().delivered()).isEqualTo(1);

    verify(events).markDead(eq(1L), anyString());
    verify(events).markDead(eq(2L), anyString());
    verify(events, never()).markFailed(eq(1L), any(), any());
    verify(events).markDispatched(List.of(3L), NOW);
  }

  @Test
  void anEventWithNothingToSignalIsMarkedIgnored() {
    claims(stored(3, "evt_c", "payment_intent.succeeded", null, 1));

    assertThat(loop.dispatchDue().delivered()).isZero();

    verify(events).markIgnored(eq(3L), any());
  }

  @Test
  void theBackoffScheduleIsThePropertiesOwn() {
    assertThat(properties.nextAttemptAfter(1, NOW)).contains(NOW.plusSeconds(30));
    assertThat(properties.nextAttemptAfter(2, NOW)).contains(NOW.plusSeconds(60));
    assertThat(properties.nextAttemptAfter(7, NOW)).contains(NOW.plus(Duration.ofMinutes(32)));
    assertThat(properties.nextAttemptAfter(8, NOW)).contains(NOW.plus(Duration.ofHours(1)));
    assertThat(properties.nextAttemptAfter(9, NOW)).contains(NOW.plus(Duration.ofHours(1)));
    assertThat(properties.nextAttemptAfter(10, NOW))
        .as("the tenth failed try is the last")
        .isEmpty();
  }

  @Test
  void aTemporalOutageNeverParksAnEventHoweverLongItLasts() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    willThrow(new StatusRuntimeException(Status.UNAVAILABLE.withDescription("connection refused")))
        .given(workflow)
        .paymentUpdated(any());
    claims(stored(1, "evt_a", "payment_intent.succeeded", "42", 9));

    loop.dispatchDue();

    // Its tenth failed try, but Temporal's fault, not the event's: tried again at the longest wait.
    verify(events, never()).markDead(anyLong(), anyString());
    verify(events).markFailed(eq(1L), anyString(), eq(NOW.plus(Duration.ofHours(1))));
  }

  private void poisonInvoice41() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:41"))
        .willReturn(poisoned);
    willThrow(new StatusRuntimeException(Status.INVALID_ARGUMENT))
        .given(poisoned)
        .paymentUpdated(any());
  }

  @Test
  void differentInvoicesEventsAreHandedOverAtOnce() throws Exception {
    InvoicePaymentWorkflow other = mock(InvoicePaymentWorkflow.class);
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:43"))
        .willReturn(other);
    // Each signal returns only once both are under way: one after the other, neither would.
    CountDownLatch bothUnderWay = new CountDownLatch(2);
    Answer<Void> meetTheOther =
        signalled -> {
          bothUnderWay.countDown();
          if (!bothUnderWay.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                "the other invoice's event was not handed over meanwhile");
          }
          return null;
        };
    willAnswer(meetTheOther).given(workflow).paymentUpdated(any());
    willAnswer(meetTheOther).given(other).paymentUpdated(any());
    claims(
        stored(1, "evt_a", "payment_intent.succeeded", "42", 0),
        stored(2, "evt_b", "payment_intent.succeeded", "43", 0));

    assertThat(loop.dispatchDue()).isEqualTo(new StripeEventDispatchLoop.Run(2, 2));
  }

  @Test
  void theLoopRunsAsSoonAsItIsNudgedAndStopsWhenAsked() throws Exception {
    CountDownLatch ranTwice = new CountDownLatch(2);
    given(events.claimDue(any(), any(), anyLease(), eq(2)))
        .willAnswer(
            claimed -> {
              ranTwice.countDown();
              return List.of();
            });

    loop.start();
    try {
      loop.nudge(); // the first run is at start; this one comes long before the 30 s poll
      assertThat(ranTwice.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      loop.stop();
    }
    assertThat(loop.isRunning()).isFalse();
  }

  private static Function<List<StoredStripeEvent>, Instant> anyLease() {
    return any();
  }

  private void claims(StoredStripeEvent... claimed) {
    given(events.claimDue(any(), any(), anyLease(), eq(2))).willReturn(List.of(claimed));
  }

  private static StoredStripeEvent stored(
      long id, String eventId, String type, String invoice, int attempts) {
    String metadata = invoice == null ? "{}" : "{\"settle_invoice_id\":\"" + invoice + "\"}";
    String payload =
        """
        {"id":"%s","object":"event","type":"%s","data":{"object":
          {"id":"pi_1","object":"payment_intent","amount_received":500,"metadata":%s}}}"""
            .formatted(eventId, type, metadata);
    LocalDateTime at = LocalDateTime.of(2026, 3, 1, 9, 0);
    return new StoredStripeEvent(
        id,
        7,
        eventId,
        type,
        null,
        false,
        at,
        payload,
        invoice == null ? null : Long.valueOf(invoice),
        attempts == 0 ? StripeEventState.RECEIVED : StripeEventState.FAILED,
        attempts,
        attempts == 0 ? null : "UNAVAILABLE",
        at,
        null,
        at);
  }
}
