package io.settle.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.persistence.reconcile.ReconciliationRepository;
import io.settle.persistence.view.Backlog;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.workflows.invoice.InvoiceState;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionCount;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gauges on mocked sources and a clock the test moves. */
class BacklogMetricsTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private final StripeEventRepository events = mock(StripeEventRepository.class);
  private final ReconciliationRepository ledger = mock(ReconciliationRepository.class);
  private final WorkflowClient workflows = mock(WorkflowClient.class);
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void bind() {
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    when(events.backlog(StripeEventState.RECEIVED)).thenReturn(Backlog.NONE);
    when(events.backlog(StripeEventState.FAILED)).thenReturn(new Backlog(3, NOW.minusSeconds(660)));
    when(ledger.unknownAttemptsBacklog()).thenReturn(new Backlog(2, NOW.minusSeconds(3_700)));
    when(workflows.countWorkflows(anyString())).thenReturn(count(0));
    when(workflows.countWorkflows(BacklogMetrics.openInvoicesQuery(InvoiceState.REQUIRES_ACTION)))
        .thenReturn(count(7));
    new BacklogMetrics(events, ledger, workflows, clock).bindTo(registry);
  }

  @Test
  void eachGaugeReportsItsSource() {
    assertThat(gauge("settle.webhook.events", "state", "FAILED")).isEqualTo(3);
    assertThat(gauge("settle.webhook.events.oldest", "state", "FAILED")).isEqualTo(660);
    assertThat(gauge("settle.webhook.events", "state", "RECEIVED")).isZero();
    assertThat(gauge("settle.webhook.events.oldest", "state", "RECEIVED")).isZero();
    assertThat(registry.get("settle.payment.attempts.unknown").gauge().value()).isEqualTo(2);
    assertThat(registry.get("settle.payment.attempts.unknown.oldest").gauge().value())
        .isEqualTo(3_700);
    assertThat(gauge("settle.invoices.open", "state", "REQUIRES_ACTION")).isEqualTo(7);
    assertThat(gauge("settle.invoices.open", "state", "RETRY_SCHEDULED")).isZero();
  }

  @Test
  void theSourcesAreReadOncePerRefreshHoweverOftenTheGaugesAre() {
    for (int scrape = 0; scrape < 5; scrape++) {
      gauge("settle.webhook.events", "state", "FAILED");
      gauge("settle.invoices.open", "state", "REQUIRES_ACTION");
    }
    verify(events, times(1)).backlog(StripeEventState.FAILED);
    verify(workflows, times(4)).countWorkflows(anyString());

    now.set(NOW.plus(BacklogMetrics.REFRESH));
    assertThat(gauge("settle.webhook.events.oldest", "state", "FAILED"))
        .as("the same oldest event, 15 s older")
        .isEqualTo(675);
    verify(events, times(2)).backlog(StripeEventState.FAILED);
  }

  @Test
  void aSourceThatDoesNotAnswerKeepsItsLastReading() {
    assertThat(gauge("settle.invoices.open", "state", "REQUIRES_ACTION")).isEqualTo(7);
    when(workflows.countWorkflows(anyString())).thenThrow(new IllegalStateException("UNAVAILABLE"));
    when(ledger.unknownAttemptsBacklog()).thenThrow(new IllegalStateException("database down"));

    now.set(NOW.plus(BacklogMetrics.REFRESH));

    assertThat(gauge("settle.invoices.open", "state", "REQUIRES_ACTION")).isEqualTo(7);
    assertThat(registry.get("settle.payment.attempts.unknown").gauge().value()).isEqualTo(2);
  }

  private static WorkflowExecutionCount count(long n) {
    return new WorkflowExecutionCount(
        CountWorkflowExecutionsResponse.newBuilder().setCount(n).build());
  }

  private double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }
}
