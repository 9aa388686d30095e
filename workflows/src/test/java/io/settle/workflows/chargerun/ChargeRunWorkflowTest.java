package io.settle.workflows.chargerun;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
        (ChargeRunActivities)
            (runId, merchantId, invoiceId) ->
                switch ((int) invoiceId) {
                  case 1 -> new InvoiceCharge(1, InvoiceCharge.Outcome.CHARGED, null, "pi_1");
                  case 2 -> throw ApplicationFailure.newNonRetryableFailure("no answer", "Down");
                  default -> InvoiceCharge.skipped(invoiceId, "nothing owed (PAID)");
                });

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
  void noMoreInvoicesAreChargedAtOnceThanTheRunAllows() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    worker.registerActivitiesImplementations(
        (ChargeRunActivities)
            (runId, merchantId, invoiceId) -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                Thread.sleep(20); // overlap, if the run allowed it
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              return new InvoiceCharge(invoiceId, InvoiceCharge.Outcome.CHARGED, null, null);
            });

    ChargeRunReport report = run(LongStream.rangeClosed(1, 12).boxed().toList(), 3);

    assertThat(report.counts()).containsEntry(InvoiceCharge.Outcome.CHARGED, 12);
    assertThat(most.get()).isBetween(1, 3);
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
