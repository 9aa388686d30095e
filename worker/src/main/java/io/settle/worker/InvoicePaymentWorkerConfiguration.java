package io.settle.worker;

import io.settle.workflows.TaskQueues;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.invoice.InvoicePaymentWorkflowImpl;
import io.settle.workflows.ledger.LedgerActivities;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the invoice payment workflow and its activities on their task queue. Done in code
 * rather than in properties so the queue name has one home ({@link TaskQueues}); the Temporal
 * starter starts the factory once the application is ready.
 */
@Configuration(proxyBeanMethods = false)
class InvoicePaymentWorkerConfiguration {

  @Bean
  Worker invoicePaymentWorker(
      WorkerFactory factory, LedgerActivities ledger, ChargeActivities charges) {
    Worker worker = factory.newWorker(TaskQueues.INVOICE_PAYMENTS);
    worker.registerWorkflowImplementationTypes(InvoicePaymentWorkflowImpl.class);
    worker.registerActivitiesImplementations(ledger, charges);
    return worker;
  }
}
