package io.settle.workflows.customer;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.customer.CustomerMappingView.Stage;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * The mapping run: one activity per page of unmapped customers, a durable pause between pages, and
 * a new run (carrying what was found) when Temporal suggests it. What is found lives in {@link
 * CustomerMappingProgress}; this class only runs the pages.
 */
public class CustomerMappingWorkflowImpl implements CustomerMappingWorkflow {

  private static final Logger log = Workflow.getLogger(CustomerMappingWorkflowImpl.class);

  /** A page heartbeats after every Stripe search, each bounded by the gateway's read timeout. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(1);

  /** What no retry of a page can fix: the merchant's key is wrong, revoked or restricted. */
  static final List<String> NON_RETRYABLE = ChargeFailures.READS_NOT_RETRYABLE;

  private final CustomerMappingActivities activities =
      Workflow.newActivityStub(
          CustomerMappingActivities.class,
          ActivityOptions.newBuilder(ActivityRetries.options(Duration.ofMinutes(10), NON_RETRYABLE))
              .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              .build());

  private CustomerMappingInput input;
  private CustomerMappingProgress progress = CustomerMappingProgress.none();
  private Stage stage = Stage.RUNNING;
  private String failure;

  @Override
  public CustomerMappingView run(CustomerMappingInput input) {
    this.input = input;
    if (input.carried() != null) {
      progress = input.carried();
    }
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.MERCHANT.valueSet(Long.toString(input.merchantId())));
    while (true) {
      MappingPage page;
      try {
        page = activities.mapPage(input.merchantId(), progress.afterCustomerId(), input.pageSize());
      } catch (ActivityFailure refused) {
        stage = Stage.FAILED;
        failure = message(refused);
        log.warn("customer mapping of merchant {} stopped: {}", input.merchantId(), failure);
        return status();
      }
      progress = progress.plus(page);
      if (!page.more()) {
        break;
      }
      if (input.pauseBetweenPages().isPositive()) {
        Workflow.sleep(input.pauseBetweenPages());
      }
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(input.continuedWith(progress));
      }
    }
    stage = Stage.COMPLETED;
    log.info(
        "customer mapping of merchant {}: {} looked up, {} mapped, {} ambiguous, {} missing",
        input.merchantId(),
        progress.lookedAt(),
        progress.mappedCount(),
        progress.ambiguousCount(),
        progress.missingCount());
    return status();
  }

  @Override
  public CustomerMappingView status() {
    return progress.view(
        Workflow.getInfo().getFirstExecutionRunId(),
        input == null ? 0 : input.merchantId(),
        stage,
        failure);
  }

  private static String message(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : failure.getMessage();
  }
}
