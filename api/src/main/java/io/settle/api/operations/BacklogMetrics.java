package io.settle.api.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.settle.persistence.reconcile.ReconciliationRepository;
import io.settle.persistence.view.Backlog;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.InvoiceState;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What waits, for the operators' dashboard and alerts: read from the database and Temporal's
 * visibility at most once per {@link #REFRESH}, however often Prometheus scrapes, and reported
 * alike by every API instance (the alert rules take the max).
 *
 * <ul>
 *   <li>{@code settle_webhook_events{state}} and {@code
 *       settle_webhook_events_oldest_seconds{state}} for RECEIVED (not yet handed over: the webhook
 *       lag) and FAILED (handing over failed; the inbox retries);
 *   <li>{@code settle_payment_attempts_unknown} and {@code
 *       settle_payment_attempts_unknown_oldest_seconds}: Stripe was called and did not say;
 *   <li>{@code settle_invoices_open{state}}: running invoice workflows by the state they show in
 *       {@code SettleInvoiceStatus}, the same count the Temporal UI's query gives: waiting on the
 *       customer (REQUIRES_ACTION), on the bank (PROCESSING), in dunning (RETRY_SCHEDULED), before
 *       the due date (AWAITING_DUE_DATE).
 * </ul>
 *
 * A source that cannot answer (the database or Temporal down) keeps its last reading; a gauge never
 * fails a scrape.
 */
@Component
class BacklogMetrics implements MeterBinder {

  static final Duration REFRESH = Duration.ofSeconds(15);
  static final List<StripeEventState> WEBHOOK_STATES =
      List.of(StripeEventState.RECEIVED, StripeEventState.FAILED);
  static final List<InvoiceState> WAITING_STATES =
      List.of(
          InvoiceState.REQUIRES_ACTION,
          InvoiceState.PROCESSING,
          InvoiceState.RETRY_SCHEDULED,
          InvoiceState.AWAITING_DUE_DATE);

  private static final Logger log = LoggerFactory.getLogger(BacklogMetrics.class);

  private final StripeEventRepository events;
  private final ReconciliationRepository ledger;
  private final WorkflowClient workflows;
  private final Clock clock;

  private final Map<StripeEventState, Backlog> webhooks = new EnumMap<>(StripeEventState.class);
  private final Map<InvoiceState, Long> invoices = new EnumMap<>(InvoiceState.class);
  private Backlog unknownAttempts = Backlog.NONE;
  private Instant readAt = Instant.MIN;

  BacklogMetrics(
      StripeEventRepository events,
      ReconciliationRepository ledger,
      WorkflowClient workflows,
      Clock clock) {
    this.events = events;
    this.ledger = ledger;
    this.workflows = workflows;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (StripeEventState state : WEBHOOK_STATES) {
      Gauge.builder("settle.webhook.events", () -> webhook(state).count())
          .description("Stored Stripe events in this state, across merchants")
          .tag("state", state.name())
          .register(registry);
      Gauge.builder("settle.webhook.events.oldest", () -> seconds(webhook(state)))
          .description("How long ago the oldest Stripe event in this state was received")
          .baseUnit("seconds")
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder("settle.payment.attempts.unknown", () -> unknown().count())
        .description("Payment attempts whose outcome Stripe has not told")
        .register(registry);
    Gauge.builder("settle.payment.attempts.unknown.oldest", () -> seconds(unknown()))
        .description("How long the oldest UNKNOWN attempt has been so")
        .baseUnit("seconds")
        .register(registry);
    for (InvoiceState state : WAITING_STATES) {
      Gauge.builder("settle.invoices.open", () -> openInvoices(state))
          .description("Running invoice workflows showing this state (SettleInvoiceStatus)")
          .tag("state", state.name())
          .register(registry);
    }
  }

  private synchronized Backlog webhook(StripeEventState state) {
    refresh();
    return webhooks.getOrDefault(state, Backlog.NONE);
  }

  private synchronized Backlog unknown() {
    refresh();
    return unknownAttempts;
  }

  private synchronized long openInvoices(InvoiceState state) {
    refresh();
    return invoices.getOrDefault(state, 0L);
  }

  private double seconds(Backlog backlog) {
    return backlog.oldestAge(clock.instant()).toMillis() / 1000.0;
  }

  /** Reads everything again once the last reading is older than {@link #REFRESH}. */
  private void refresh() {
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(REFRESH) < 0) {
      return;
    }
    readAt = now;
    try {
      for (StripeEventState state : WEBHOOK_STATES) {
        webhooks.put(state, events.backlog(state));
      }
      unknownAttempts = ledger.unknownAttemptsBacklog();
    } catch (RuntimeException unavailable) {
      log.warn("backlog metrics: the database did not answer ({})", unavailable.toString());
    }
    try {
      for (InvoiceState state : WAITING_STATES) {
        invoices.put(state, workflows.countWorkflows(openInvoicesQuery(state)).getCount());
      }
    } catch (RuntimeException unavailable) {
      log.warn("backlog metrics: Temporal did not answer ({})", unavailable.toString());
    }
  }

  /** The Temporal UI's query for the running invoices in {@code state}: one home for it. */
  static String openInvoicesQuery(InvoiceState state) {
    return "WorkflowType = 'InvoicePaymentWorkflow' AND ExecutionStatus = 'Running' AND "
        + InvoiceSearchAttributes.STATUS.getName()
        + " = '"
        + state.name()
        + "'";
  }
}
