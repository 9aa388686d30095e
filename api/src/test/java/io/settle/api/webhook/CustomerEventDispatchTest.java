package io.settle.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;

import io.settle.api.customer.StripeCustomerEvents;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/**
 * Payment method and customer events go to the mirror, never to a workflow, and end DISPATCHED,
 * IGNORED or (for the re-dispatcher to try again) FAILED.
 */
class CustomerEventDispatchTest {

  private final StripeEventRepository events = mock(StripeEventRepository.class);
  private final WorkflowClient workflows = mock(WorkflowClient.class);
  private final StripeCustomerEvents customerEvents = mock(StripeCustomerEvents.class);
  private final StripeEventDispatcher dispatcher =
      new StripeEventDispatcher(
          workflows,
          events,
          new WebhookProperties(
              Duration.ofSeconds(30),
              10,
              Duration.ofMinutes(1),
              Duration.ofSeconds(2),
              Duration.ofHours(24),
              10,
              Duration.ofSeconds(30),
              Duration.ofHours(1),
              16),
          customerEvents,
          mock(io.settle.api.balance.CashBalanceEvents.class),
          Clock.systemUTC());

  @Test
  void anAppliedEventIsDispatched() {
    given(customerEvents.apply(7, "payment_method.attached", "{}")).willReturn(Optional.empty());

    assertThat(dispatcher.dispatch(stored("payment_method.attached")))
        .isEqualTo(StripeEventState.DISPATCHED);
    then(events).should().markDispatched(anyLong(), any());
    verifyNoInteractions(workflows);
  }

  @Test
  void anEventWithNothingToDoIsIgnoredWithItsReason() {
    given(customerEvents.apply(7, "customer.updated", "{}"))
        .willReturn(Optional.of("the merchant's customer sync does not import from Stripe"));

    assertThat(dispatcher.dispatch(stored("customer.updated"))).isEqualTo(StripeEventState.IGNORED);
    then(events)
        .should()
        .markIgnored(11, "the merchant's customer sync does not import from Stripe");
  }

  @Test
  void aDatabaseFailureLeavesItForTheRedispatcher() {
    given(customerEvents.apply(7, "payment_method.detached", "{}"))
        .willThrow(new QueryTimeoutException("slow"));

    assertThat(dispatcher.dispatch(stored("payment_method.detached")))
        .isEqualTo(StripeEventState.FAILED);
    then(events).should().markFailed(org.mockito.ArgumentMatchers.eq(11L), any(), any());
    then(events).should(never()).markDispatched(anyLong(), any());
  }

  private static StoredStripeEvent stored(String type) {
    return new StoredStripeEvent(
        11,
        7,
        "evt_1",
        type,
        "2025-01-01",
        false,
        LocalDateTime.now(),
        "{}",
        null,
        StripeEventState.RECEIVED,
        0,
        null,
        LocalDateTime.now(),
        null,
        LocalDateTime.now());
  }
}
