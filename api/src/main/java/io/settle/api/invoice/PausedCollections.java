package io.settle.api.invoice;

import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Invoices whose collection paused because Stripe refused the merchant's key: when the merchant
 * gives Settle a key Stripe accepts, each of them is told to take its waiting step now instead of
 * at the end of its backoff (up to a day). Found through Temporal's visibility by their search
 * attributes, and told off the request path, so a month-end's worth answers the PUT at once.
 */
@Component
public class PausedCollections {

  private static final Logger log = LoggerFactory.getLogger(PausedCollections.class);

  private final WorkflowClient client;

  PausedCollections(WorkflowClient client) {
    this.client = client;
  }

  /** Starts telling the merchant's paused invoices; answers at once. */
  public void resume(long merchantId) {
    Thread.ofVirtual().name("resume-collection-" + merchantId).start(() -> resumeNow(merchantId));
  }

  /**
   * @return how many paused invoices were told
   */
  int resumeNow(long merchantId) {
    String query =
        "WorkflowType = 'InvoicePaymentWorkflow' AND ExecutionStatus = 'Running' AND "
            + InvoiceSearchAttributes.MERCHANT.getName()
            + " = '"
            + merchantId
            + "' AND "
            + InvoiceSearchAttributes.PROBLEM.getName()
            + " = '"
            + InvoiceProblem.Kind.MERCHANT_STRIPE_ACCESS
            + "'";
    AtomicInteger told = new AtomicInteger();
    try {
      client
          .listExecutions(query)
          .map(WorkflowExecutionMetadata::getExecution)
          .forEach(
              execution -> {
                try {
                  client
                      .newWorkflowStub(InvoicePaymentWorkflow.class, execution.getWorkflowId())
                      .retryNow("the merchant's Stripe keys were replaced");
                  told.incrementAndGet();
                } catch (WorkflowNotFoundException ended) {
                  // Ended since it was listed: nothing waits any more.
                }
              });
      log.info("merchant {}: {} paused invoice(s) resume collecting", merchantId, told.get());
    } catch (RuntimeException e) {
      // Each paused invoice still tries again on its own backoff (an hour, doubling to a day).
      log.warn(
          "merchant {}: could not tell paused invoices to resume ({}); they retry on their own",
          merchantId,
          e.getMessage());
    }
    return told.get();
  }
}
