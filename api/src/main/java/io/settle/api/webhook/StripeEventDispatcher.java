package io.settle.api.webhook;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.api.balance.CashBalanceEvents;
import io.settle.api.customer.StripeCustomerEvents;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.balance.CustomerBalances;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PaymentUpdate;
import io.settle.workflows.payall.PayAllWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Hands a stored Stripe event to the invoice's workflow as a {@code paymentUpdated} signal (a cash
 * balance event to the customer's balance run, a customer or payment method event to the mirror),
 * and records how that went. Sending twice is harmless: the workflow ignores an event id it has
 * seen.
 */
@Component
class StripeEventDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(StripeEventDispatcher.class);

  private final WorkflowClient workflows;
  private final StripeEventRepository events;
  private final WebhookProperties properties;
  private final StripeCustomerEvents customerEvents;
  private final CashBalanceEvents cashBalanceEvents;
  private final Clock clock;
  // Only fires the deadline of a signal that takes too long.
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("webhook-signal-deadline").factory());

  StripeEventDispatcher(
      WorkflowClient workflows,
      StripeEventRepository events,
      WebhookProperties properties,
      StripeCustomerEvents customerEvents,
      CashBalanceEvents cashBalanceEvents,
      Clock clock) {
    this.customerEvents = customerEvents;
    this.cashBalanceEvents = cashBalanceEvents;
    this.clock = clock;
    this.workflows = workflows;
    this.events = events;
    this.properties = properties;
  }

  /** Reads the stored event and hands it over; for the dispatch loop and operators. */
  StripeEventState dispatch(StoredStripeEvent event) {
    return dispatch(event, this::markDispatchedNow);
  }

  /**
   * Hands the event over; a success is reported to {@code dispatched} (with the row id) rather than
   * recorded, so the dispatch loop can record a whole batch in one statement.
   */
  StripeEventState dispatch(StoredStripeEvent event, LongConsumer dispatched) {
    if (CashBalanceEvents.handles(event.eventType())) {
      return tellCustomerBalance(event, dispatched);
    }
    if (StripeCustomerEvents.handles(event.eventType())) {
      return applyCustomerEvent(
          event.id(),
          event.attempts(),
          event.merchantId(),
          event.eventType(),
          event.payload(),
          dispatched);
    }
    InvoicePaymentEvent read =
        InvoicePaymentEvent.read(
            event.merchantId(), event.stripeEventId(), event.eventType(), event.payload());
    if (!read.actionable()) {
      events.markIgnored(event.id(), read.ignoredBecause());
      return StripeEventState.IGNORED;
    }
    return signal(event.id(), event.attempts(), read, dispatched);
  }

  /**
   * Hands over a stored event, for the dispatch loop and operators. Whatever goes wrong with it is
   * this event's failure, recorded on its row (backoff, or DEAD), never the caller's: the next
   * event is not held up by it.
   */
  StripeEventState redeliver(StoredStripeEvent event) {
    return redeliver(event, this::markDispatchedNow);
  }

  /** {@link #redeliver(StoredStripeEvent)}, reporting a success to {@code dispatched}. */
  StripeEventState redeliver(StoredStripeEvent event, LongConsumer dispatched) {
    try {
      return dispatch(event, dispatched);
    } catch (RuntimeException unexpected) {
      log.warn(
          "Handing over Stripe event row {} ({}) failed",
          event.id(),
          event.eventType(),
          unexpected);
      return failed(event.id(), event.attempts(), describe(unexpected));
    }
  }

  /**
   * Signals the workflow the stored event is for: the customer payment's (pay-all, portal, payment
   * link) when the PaymentIntent names a batch, else the invoice's.
   *
   * @return the event's state afterwards: DISPATCHED, IGNORED (the run has ended) or FAILED
   *     (Temporal did not take it; the dispatch loop tries again after its backoff)
   */
  private StripeEventState signal(
      long rowId, int attemptsBefore, InvoicePaymentEvent read, LongConsumer dispatched) {
    PaymentUpdate update = read.update();
    String target =
        read.batchId() != null
            ? WorkflowIds.ofBatch(read.batchId())
            : WorkflowIds.invoicePayment(read.invoiceId());
    try {
      withinTimeout(
          () -> {
            if (read.batchId() != null) {
              workflows
                  .newWorkflowStub(PayAllWorkflow.class, target)
                  .paymentUpdated(read.batchId(), update);
            } else {
              workflows
                  .newWorkflowStub(InvoicePaymentWorkflow.class, target)
                  .paymentUpdated(update);
            }
          });
    } catch (WorkflowNotFoundException ended) {
      events.markIgnored(rowId, "the workflow " + target + " is not running");
      return StripeEventState.IGNORED;
    } catch (WorkflowException | StatusRuntimeException unreachable) {
      return notHandedOver(rowId, attemptsBefore, target, update.eventId(), unreachable);
    }
    dispatched.accept(rowId);
    return StripeEventState.DISPATCHED;
  }

  /**
   * Temporal did not take the event for {@code target}: it stays stored, waiting for Temporal at
   * the longest backoff when Temporal is away, or counting a try against the event otherwise.
   */
  private StripeEventState notHandedOver(
      long rowId, int attemptsBefore, String target, String eventId, RuntimeException failure) {
    log.warn(
        "Could not signal {} about Stripe event {}; it stays stored for the dispatch loop: {}",
        target,
        eventId,
        describe(failure));
    if (temporalUnavailable(failure)) {
      return waitForTemporal(rowId, describe(failure));
    }
    return failed(rowId, attemptsBefore, describe(failure));
  }

  /**
   * Tells the customer's balance run that money reached its cash balance at Stripe; the run starts
   * if the customer has none yet.
   *
   * @return DISPATCHED, IGNORED (not a funding, or an unmapped Stripe customer) or FAILED (Temporal
   *     did not take it; tried again after the backoff)
   */
  private StripeEventState tellCustomerBalance(StoredStripeEvent event, LongConsumer dispatched) {
    CashBalanceEvents.Reading reading =
        cashBalanceEvents.read(
            event.merchantId(), event.stripeEventId(), event.eventType(), event.payload());
    if (reading instanceof CashBalanceEvents.Ignored ignored) {
      events.markIgnored(event.id(), ignored.because());
      return StripeEventState.IGNORED;
    }
    CashBalanceEvents.ForCustomer funds = (CashBalanceEvents.ForCustomer) reading;
    try {
      withinTimeout(
          () ->
              CustomerBalances.fundsArrived(
                  workflows, event.merchantId(), funds.customerId(), funds.arrival()));
    } catch (WorkflowException | StatusRuntimeException unreachable) {
      return notHandedOver(
          event.id(),
          event.attempts(),
          WorkflowIds.customerBalance(funds.customerId()),
          event.stripeEventId(),
          unreachable);
    }
    dispatched.accept(event.id());
    return StripeEventState.DISPATCHED;
  }

  /**
   * Applies a payment method or customer event to the mirror and the customer row; no workflow is
   * involved.
   *
   * @return DISPATCHED when applied, IGNORED when there was nothing to do (say, an unmapped Stripe
   *     customer), FAILED when the database refused (tried again after its backoff)
   */
  private StripeEventState applyCustomerEvent(
      long rowId,
      int attemptsBefore,
      long merchantId,
      String type,
      String payload,
      LongConsumer dispatched) {
    Optional<String> skipped;
    try {
      skipped = customerEvents.apply(merchantId, type, payload);
    } catch (DataAccessException failed) {
      log.warn("Could not apply Stripe {} event row {}: {}", type, rowId, describe(failed));
      return failed(rowId, attemptsBefore, describe(failed));
    }
    if (skipped.isPresent()) {
      events.markIgnored(rowId, skipped.get());
      return StripeEventState.IGNORED;
    }
    dispatched.accept(rowId);
    return StripeEventState.DISPATCHED;
  }

  private void markDispatchedNow(long rowId) {
    events.markDispatched(rowId, clock.instant());
  }

  /**
   * Records a failed try of the event {@code rowId}, which had been tried {@code attemptsBefore}
   * times before: it waits out its own backoff, or is parked as DEAD once it has had all its tries.
   *
   * @return FAILED or DEAD
   */
  StripeEventState failed(long rowId, int attemptsBefore, String error) {
    Optional<Instant> next = properties.nextAttemptAfter(attemptsBefore + 1, clock.instant());
    if (next.isEmpty()) {
      log.error(
          "Stripe event row {} failed {} times and is parked as DEAD for an operator: {}",
          rowId,
          attemptsBefore + 1,
          error);
      events.markDead(rowId, error);
      return StripeEventState.DEAD;
    }
    events.markFailed(rowId, error, next.get());
    return StripeEventState.FAILED;
  }

  /**
   * Temporal could not be reached, which says nothing about the event: it is tried again at the
   * longest wait and never parked, however long the outage lasts. Only failures of the event's own
   * (a signal the server refuses, a payload the mirror cannot apply) count towards DEAD.
   */
  private StripeEventState waitForTemporal(long rowId, String error) {
    events.markFailed(rowId, error, clock.instant().plus(properties.redispatchMaxBackoff()));
    return StripeEventState.FAILED;
  }

  private static boolean temporalUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException status) {
        Status.Code code = status.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE
            || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.CANCELLED;
      }
    }
    return false;
  }

  /** What a failure says, briefly and without a stack trace; for {@code last_error}. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof StatusRuntimeException)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  // The SDK retries an unavailable server for a long time; a gRPC deadline on the calling context
  // bounds both the call and those retries.
  private void withinTimeout(Runnable call) {
    Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(
                properties.signalTimeout().toMillis(), TimeUnit.MILLISECONDS, deadlines);
    try {
      context.run(call);
    } finally {
      context.cancel(null);
    }
  }

  @Override
  public void destroy() {
    deadlines.shutdownNow();
  }
}
