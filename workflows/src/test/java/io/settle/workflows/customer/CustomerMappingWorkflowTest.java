package io.settle.workflows.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.customer.CustomerMappingView.Ambiguous;
import io.settle.workflows.customer.CustomerMappingView.Mapped;
import io.settle.workflows.customer.CustomerMappingView.Missing;
import io.settle.workflows.customer.CustomerMappingView.Stage;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
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
 * The mapping run on Temporal's time-skipping test server, its page activity mocked: pages follow
 * one another after the last customer of the one before, with a durable pause between them, and
 * what they found adds up in the query and the result.
 */
class CustomerMappingWorkflowTest {

  private static final long MERCHANT = 7;
  private static final Duration PAUSE = Duration.ofSeconds(2);

  @RegisterExtension static final TestWorkflowExtension testWorkflow = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CustomerMappingWorkflowImpl.class)
            .setDoNotStart(true)
            .setInitialTime(Instant.parse("2026-11-01T09:00:00Z"));
    InvoiceSearchAttributes.registrations().forEach(builder::registerSearchAttribute);
    return builder.build();
  }

  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;
  private final CustomerMappingActivities activities =
      mock(CustomerMappingActivities.class, withSettings().withoutAnnotations());
  private boolean started;

  @BeforeEach
  void wire(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.worker = worker;
    this.client = client;
  }

  @Test
  void pagesRunAfterOneAnotherUntilNoUnmappedCustomerIsLeft() {
    when(activities.mapPage(MERCHANT, 0, 2))
        .thenReturn(
            MappingPage.after(0)
                .with(new Mapped(3, "Acme", "cus_a"))
                .with(new Ambiguous(5, "Globex", List.of("cus_g1", "cus_g2")))
                .ended(true));
    when(activities.mapPage(MERCHANT, 5, 2))
        .thenReturn(MappingPage.after(5).with(new Missing(9, "Initech")).ended(false));

    CustomerMappingView view = run(CustomerMappingInput.start(MERCHANT, 2, PAUSE));

    assertThat(view.stage()).isEqualTo(Stage.COMPLETED);
    assertThat(view.runId()).isNotBlank();
    assertThat(view.merchantId()).isEqualTo(MERCHANT);
    assertThat(view.lookedAt()).isEqualTo(3);
    assertThat(view.mapped()).containsExactly(new Mapped(3, "Acme", "cus_a"));
    assertThat(view.ambiguous())
        .containsExactly(new Ambiguous(5, "Globex", List.of("cus_g1", "cus_g2")));
    assertThat(view.missing()).containsExactly(new Missing(9, "Initech"));
    assertThat(List.of(view.mappedCount(), view.ambiguousCount(), view.missingCount()))
        .containsExactly(1, 1, 1);
    verify(activities, times(2)).mapPage(anyLong(), anyLong(), anyInt());
    assertThat(
            client
                .newWorkflowStub(
                    CustomerMappingWorkflow.class, WorkflowIds.customerMapping(MERCHANT))
                .status())
        .as("the query answers what the result does")
        .isEqualTo(view);
  }

  @Test
  void theNextPageWaitsForADurablePause() {
    when(activities.mapPage(MERCHANT, 0, 1))
        .thenReturn(MappingPage.after(0).with(new Missing(1, "A")).ended(true));
    when(activities.mapPage(MERCHANT, 1, 1))
        .thenReturn(MappingPage.after(1).with(new Missing(2, "B")).ended(true));
    when(activities.mapPage(MERCHANT, 2, 1)).thenReturn(MappingPage.after(2).ended(false));

    run(CustomerMappingInput.start(MERCHANT, 1, PAUSE));

    List<HistoryEvent> timers =
        client.fetchHistory(WorkflowIds.customerMapping(MERCHANT)).getEvents().stream()
            .filter(event -> event.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .toList();
    assertThat(timers)
        .as("one pause before each page but the first")
        .hasSize(2)
        .allSatisfy(
            timer ->
                assertThat(
                        timer.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
                    .isEqualTo(PAUSE.getSeconds()));
  }

  @Test
  void aKeyStripeRefusesEndsTheRunWithWhatWasMappedBeforeAndIsNotRetried() {
    when(activities.mapPage(MERCHANT, 0, 1))
        .thenReturn(MappingPage.after(0).with(new Mapped(1, "Acme", "cus_a")).ended(true));
    when(activities.mapPage(MERCHANT, 1, 1))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "Invalid API Key provided", ChargeFailures.STRIPE_AUTHENTICATION));

    CustomerMappingView view = run(CustomerMappingInput.start(MERCHANT, 1, PAUSE));

    assertThat(view.stage()).isEqualTo(Stage.FAILED);
    assertThat(view.failure()).contains("Invalid API Key");
    assertThat(view.mapped()).containsExactly(new Mapped(1, "Acme", "cus_a"));
    verify(activities, times(1)).mapPage(MERCHANT, 1, 1);
  }

  @Test
  void aPageThatFailsForAWhileIsTriedAgainFromWhereTheRunStood() {
    when(activities.mapPage(MERCHANT, 0, 5))
        .thenThrow(ApplicationFailure.newFailure("rate limited", ChargeFailures.STRIPE_UNAVAILABLE))
        .thenReturn(MappingPage.after(0).with(new Mapped(4, "Acme", "cus_a")).ended(false));

    CustomerMappingView view = run(CustomerMappingInput.start(MERCHANT, 5, PAUSE));

    assertThat(view.stage()).isEqualTo(Stage.COMPLETED);
    assertThat(view.mappedCount()).isEqualTo(1);
    verify(activities, times(2)).mapPage(MERCHANT, 0, 5);
  }

  @Test
  void aRunThatContinuedAsNewKeepsWhatItFoundAndCarriesOnAfterIt() {
    CustomerMappingProgress carried =
        CustomerMappingProgress.none()
            .plus(MappingPage.after(0).with(new Mapped(8, "Acme", "cus_a")).ended(true));
    when(activities.mapPage(MERCHANT, 8, 10))
        .thenReturn(MappingPage.after(8).with(new Missing(12, "Initech")).ended(false));

    CustomerMappingView view = run(new CustomerMappingInput(MERCHANT, 10, PAUSE, carried));

    assertThat(view.mapped()).containsExactly(new Mapped(8, "Acme", "cus_a"));
    assertThat(view.missing()).containsExactly(new Missing(12, "Initech"));
    assertThat(view.lookedAt()).isEqualTo(2);
  }

  /**
   * With {@code -Dsettle.histories.record=true}, writes each test's history where {@link
   * CustomerMappingReplayTest} replays it on every build.
   */
  @AfterEach
  void recordHistory(TestInfo test) throws IOException {
    if (!Boolean.getBoolean("settle.histories.record") || !started) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(WorkflowIds.customerMapping(MERCHANT));
    Path file =
        CustomerMappingReplayTest.HISTORIES.resolve(
            test.getTestMethod().orElseThrow().getName() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }

  private CustomerMappingView run(CustomerMappingInput input) {
    started = true;
    worker.registerActivitiesImplementations(activities);
    env.start();
    CustomerMappingWorkflow workflow =
        client.newWorkflowStub(
            CustomerMappingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.customerMapping(MERCHANT))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return workflow.run(input);
  }
}
