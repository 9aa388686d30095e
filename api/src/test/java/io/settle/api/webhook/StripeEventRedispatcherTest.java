package io.settle.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
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
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The re-dispatcher delivers what is stored, oldest first, and stops while Temporal is away. */
class StripeEventRedispatcherTest {

  private final StripeEventRepository events = mock(StripeEventRepository.class);
  private final WorkflowClient workflows = mock(WorkflowClient.class);
  private final InvoicePaymentWorkflow workflow = mock(InvoicePaymentWorkflow.class);
  private final WebhookProperties properties =
      new WebhookProperties(
          Duration.ofSeconds(30),
          2,
          Duration.ofMinutes(1),
          Duration.ofSeconds(2),
          Duration.ofHours(24));
  private final StripeEventRedispatcher redispatcher =
      new StripeEventRedispatcher(
          events,
          new StripeEventDispatcher(
              workflows, events, properties, mock(StripeCustomerEvents.class)),
          properties);

  @Test
  void storedEventsAreSignalledInTheOrderTheStoreGivesAndMarkedDispatched() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    given(events.undispatched(any(), eq(2)))
        .willReturn(
            List.of(
                stored(1, "evt_a", "payment_intent.processing", "42"),
                stored(2, "evt_b", "payment_intent.succeeded", "42")));

    assertThat(redispatcher.redispatch()).isEqualTo(2);

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
    verify(events).markDispatched(eq(1L), any());
    verify(events).markDispatched(eq(2L), any());
  }

  @Test
  void aRunStopsAtTheFirstEventTemporalDoesNotTake() {
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:42"))
        .willReturn(workflow);
    willThrow(new StatusRuntimeException(Status.UNAVAILABLE)).given(workflow).paymentUpdated(any());
    given(events.undispatched(any(), eq(2)))
        .willReturn(
            List.of(
                stored(1, "evt_a", "payment_intent.succeeded", "42"),
                stored(2, "evt_b", "payment_intent.succeeded", "42")));

    assertThat(redispatcher.redispatch()).isZero();

    verify(events).markFailed(eq(1L), any());
    verify(events, never()).markFailed(eq(2L), any());
  }

  @Test
  void anEventWithNothingToSignalIsMarkedIgnored() {
    given(events.undispatched(any(), eq(2)))
        .willReturn(List.of(stored(3, "evt_c", "payment_intent.succeeded", null)));

    assertThat(redispatcher.redispatch()).isZero();

    verify(events).markIgnored(eq(3L), any());
  }

  private static StoredStripeEvent stored(long id, String eventId, String type, String invoice) {
    String metadata = invoice == null ? "{}" : "{\"settle_invoice_id\":\"" + invoice + "\"}";
    String payload =
        """
        {"id":"%s","object":"event","type":"%s","data":{"object":
          {"id":"pi_1","object":"payment_intent","amount_received":500,"metadata":%s}}}"""
            .formatted(eventId, type, metadata);
    LocalDateTime at = LocalDateTime.of(2026, 3, 1, 10, 0);
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
        StripeEventState.FAILED,
        1,
        "UNAVAILABLE",
        at,
        null);
  }
}
