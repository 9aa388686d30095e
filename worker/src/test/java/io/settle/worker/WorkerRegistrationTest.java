package io.settle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.activities.balance.CustomerBalanceActivitiesImpl;
import io.settle.activities.charge.ChargeActivitiesImpl;
import io.settle.activities.chargerun.ChargeRunActivitiesImpl;
import io.settle.activities.customer.CustomerMappingActivitiesImpl;
import io.settle.activities.ledger.LedgerActivitiesImpl;
import io.settle.activities.notify.NotificationActivitiesImpl;
import io.settle.activities.payall.PayAllActivitiesImpl;
import io.settle.activities.reconcile.ReconciliationActivitiesImpl;
import io.settle.activities.recurring.RecurringInvoiceActivitiesImpl;
import io.settle.workflows.TaskQueues;
import io.settle.workflows.balance.CustomerBalanceWorkflowImpl;
import io.settle.workflows.chargerun.ChargeRunWorkflowImpl;
import io.settle.workflows.customer.CustomerMappingWorkflowImpl;
import io.settle.workflows.invoice.InvoicePaymentWorkflowImpl;
import io.settle.workflows.payall.PayAllWorkflowImpl;
import io.settle.workflows.reconcile.ReconciliationWorkflowImpl;
import io.settle.workflows.recurring.RecurringInvoiceWorkflowImpl;
import java.beans.Introspector;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The worker's registration lives in settle-worker.yaml (the Temporal starter reads it), while the
 * API starts workflows on {@link TaskQueues#INVOICE_PAYMENTS}. If the two drift apart, invoices are
 * started on a queue nobody polls; this test is what stops that.
 */
class WorkerRegistrationTest {

  private final Properties worker = load();

  @Test
  void theWorkerPollsTheQueueTheApiStartsInvoiceWorkflowsOn() {
    assertThat(worker.getProperty("spring.temporal.workers[0].task-queue"))
        .isEqualTo(TaskQueues.INVOICE_PAYMENTS);
  }

  @Test
  void theWorkflowsAndTheirActivitiesAreRegisteredOnThatQueue() {
    assertThat(
            IntStream.range(0, 4)
                .mapToObj(
                    i ->
                        worker.getProperty(
                            "spring.temporal.workers[0].workflow-classes[" + i + "]"))
                .filter(Objects::nonNull))
        .containsExactlyInAnyOrder(
            InvoicePaymentWorkflowImpl.class.getName(),
            PayAllWorkflowImpl.class.getName(),
            ChargeRunWorkflowImpl.class.getName(),
            RecurringInvoiceWorkflowImpl.class.getName());
    assertThat(
            IntStream.range(0, 6)
                .mapToObj(
                    i -> worker.getProperty("spring.temporal.workers[0].activity-beans[" + i + "]"))
                .filter(Objects::nonNull))
        .containsExactlyInAnyOrder(
            beanName(LedgerActivitiesImpl.class),
            beanName(ChargeActivitiesImpl.class),
            beanName(NotificationActivitiesImpl.class),
            beanName(PayAllActivitiesImpl.class),
            beanName(ChargeRunActivitiesImpl.class),
            beanName(RecurringInvoiceActivitiesImpl.class));
  }

  @Test
  void customerMappingRunsOnItsOwnQueueWithItsActivities() {
    assertThat(worker.getProperty("spring.temporal.workers[1].task-queue"))
        .isEqualTo(TaskQueues.CUSTOMERS);
    assertThat(worker.getProperty("spring.temporal.workers[1].workflow-classes[0]"))
        .isEqualTo(CustomerMappingWorkflowImpl.class.getName());
    assertThat(worker.getProperty("spring.temporal.workers[1].activity-beans[0]"))
        .isEqualTo(beanName(CustomerMappingActivitiesImpl.class));
  }

  @Test
  void reconciliationRunsOnTheOperationsQueueWithItsActivities() {
    assertThat(worker.getProperty("spring.temporal.workers[2].task-queue"))
        .isEqualTo(TaskQueues.OPERATIONS);
    assertThat(worker.getProperty("spring.temporal.workers[2].workflow-classes[0]"))
        .isEqualTo(ReconciliationWorkflowImpl.class.getName());
    assertThat(worker.getProperty("spring.temporal.workers[2].activity-beans[0]"))
        .isEqualTo(beanName(ReconciliationActivitiesImpl.class));
  }

  @Test
  void customerBalancesRunOnTheirOwnQueueWithTheirActivities() {
    assertThat(worker.getProperty("spring.temporal.workers[3].task-queue"))
        .isEqualTo(TaskQueues.CUSTOMER_BALANCES);
    assertThat(worker.getProperty("spring.temporal.workers[3].workflow-classes[0]"))
        .isEqualTo(CustomerBalanceWorkflowImpl.class.getName());
    assertThat(worker.getProperty("spring.temporal.workers[3].activity-beans[0]"))
        .isEqualTo(beanName(CustomerBalanceActivitiesImpl.class));
  }

  // The name Spring gives a @Component without an explicit one.
  private static String beanName(Class<?> type) {
    return Introspector.decapitalize(type.getSimpleName());
  }

  private static Properties load() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource(WorkerApplication.CONFIG_NAME + ".yaml"));
    return yaml.getObject();
  }
}
