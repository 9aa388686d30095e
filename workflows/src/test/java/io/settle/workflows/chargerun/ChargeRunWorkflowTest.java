package io.settle.workflows.chargerun;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The charge run's own logic on Temporal's time-skipping test server: one outcome per invoice, a
 * bounded number at a time, and an invoice it cannot ask reported without stopping the run.
 */
class ChargeRunWorkflowTest {

  private static final String QUEUE = "charge-runs";

  private TestWorkflowEnvironment env;
  private Worker worker;

  @BeforeEach
  void temporal() {
    env = TestWorkflowEnvironment.newInstance();
    worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ChargeRunWorkflowImpl.class);
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void everyInvoiceGetsOneOutcomeAndOneThatCannotBeAskedDoesNotStopTheRest() {
    worker.registerActivitiesImplementations(
        new Charging(
            invoiceId ->
                switch (invoiceId.intValue()) {
                  case 1 -> new InvoiceCharge(1, InvoiceCharge.Outcome.CHARGED, null, null, "pi_1");
                  case 2 -> throw ApplicationFailure.newNonRetryableFailure("no answer", "Down");
                  default ->
                      InvoiceCharge.skipped(
                          invoiceId, InvoiceCharge.Reason.NOTHING_OWED, "nothing owed (PAID)");
                }));

    ChargeRunReport report = run(List.of(1L, 2L, 3L), 2);

    assertThat(report.finished()).isTrue();
    assertThat(report.done()).isEqualTo(3).isEqualTo(report.total());
    assertThat(report.invoices())
        .extracting(InvoiceCharge::invoiceId, InvoiceCharge::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1L, InvoiceCharge.Outcome.CHARGED),
            org.assertj.core.groups.Tuple.tuple(2L, InvoiceCharge.Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple(3L, InvoiceCharge.Outcome.SKIPPED));
    assertThat(report.counts())
        .containsEntry(InvoiceCharge.Outcome.CHARGED, 1)
        .containsEntry(InvoiceCharge.Outcome.FAILED, 1)
        .containsEntry(InvoiceCharge.Outcome.SKIPPED, 1);
  }

  @Test
  void theEndOfARunIsReportedOnceWithTheReportAsTheApiShowsIt() {
    Charging activities =
        new Charging(
            invoiceId ->
                new InvoiceCharge(invoiceId, InvoiceCharge.Outcome.CHARGED, null, null, "pi_x"));
    worker.registerActivitiesImplementations(activities);

    run(List.of(1L, 2L), 2);

    assertThat(activities.completed).hasSize(1);
    ChargeRunResponse reported = activities.completed.getFirst();
    assertThat(reported.id()).isEqualTo("cr_test");
    assertThat(reported.status()).isEqualTo("COMPLETED");
    assertThat(reported.workflowId()).isEqualTo(WorkflowIds.chargeRun("cr_test"));
    assertThat(reported.counts()).containsEntry(InvoiceCharge.Outcome.CHARGED, 2);
  }

  @Test
  void noMoreInvoicesAreChargedAtOnceThanTheRunAllows() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    worker.registerActivitiesImplementations(
        new Charging(
            invoiceId -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                Thread.sleep(20); // overlap, if the run allowed it
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              return new InvoiceCharge(invoiceId, InvoiceCharge.Outcome.CHARGED, null, null, null);
            }));

    ChargeRunReport report = run(LongStream.rangeClosed(1, 12).boxed().toList(), 3);

    assertThat(report.counts()).containsEntry(InvoiceCharge.Outcome.CHARGED, 12);
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void theDailyRunSelectsWhenItFiresAsOfItsDayAndTakesItsIdFromItsWorkflow() {
    List<LocalDate> askedFor = new CopyOnWriteArrayList<>();
    Charging charging =
        new Charging(
            invoiceId ->
                invoiceId == 7
                    ? new InvoiceCharge(7, InvoiceCharge.Outcome.CHARGED, null, null, "pi_7")
                    : InvoiceCharge.skipped(
                        invoiceId, InvoiceCharge.Reason.WAITING_ON_CUSTOMER, "3-D Secure"));
    charging.selection =
        asOf -> {
          askedFor.add(asOf);
          return List.of(7L, 8L);
        };
    worker.registerActivitiesImplementations(charging);
    env.start();
    LocalDate today =
        Instant.ofEpochMilli(env.currentTimeMillis())
            .atZone(ZoneId.of("Pacific/Auckland"))
            .toLocalDate();
    String workflowId = WorkflowIds.dailyChargeRun(42) + "-2027-01-05T09:00:00Z";
    ChargeRunReport report =
        env.getWorkflowClient()
            .newWorkflowStub(
                ChargeRunWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
            .run(
                new ChargeRunInput(
                    null,
                    42,
                    List.of(),
                    4,
                    new ChargeRunInput.DailyCollection("Pacific/Auckland")));

    assertThat(report.runId()).isEqualTo("daily-42-2027-01-05T09:00:00Z");
    assertThat(askedFor)
        .as("overdue as of the run's day in the merchant's zone")
        .containsExactly(today);
    assertThat(report.total()).isEqualTo(2);
    assertThat(report.counts())
        .containsEntry(InvoiceCharge.Outcome.CHARGED, 1)
        .containsEntry(InvoiceCharge.Outcome.SKIPPED, 1);
  }

  /** The run's activities, answering each invoice with {@code charge}. */
  private static final class Charging implements ChargeRunActivities {

    private final Function<Long, InvoiceCharge> charge;
    Function<LocalDate, List<Long>> selection = asOf -> List.of();
    final List<ChargeRunResponse> completed = new CopyOnWriteArrayList<>();

    Charging(Function<Long, InvoiceCharge> charge) {
      this.charge = charge;
    }

    @Override
    public InvoiceCharge chargeInvoice(String runId, long merchantId, long invoiceId) {
      return charge.apply(invoiceId);
    }

    @Override
    public List<Long> selectDailyCollection(long merchantId, LocalDate asOf) {
      return selection.apply(asOf);
    }

    @Override
    public void reportCompleted(long merchantId, ChargeRunResponse report) {
      completed.add(report);
    }
  }

  private ChargeRunReport run(List<Long> invoices, int concurrency) {
    env.start();
    ChargeRunWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                ChargeRunWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.chargeRun("cr_test"))
                    .setTaskQueue(QUEUE)
                    .build());
    WorkflowClient.start(workflow::run, new ChargeRunInput("cr_test", 7, invoices, concurrency));
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(WorkflowIds.chargeRun("cr_test"))
        .getResult(ChargeRunReport.class);
  }
}
