package io.settle.workflows.balance;

import io.settle.workflows.TaskQueues;
import io.settle.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into a customer's balance run, for the API and for activities alike: each call starts
 * the run when the customer has none yet, so money that arrives is never told to nobody.
 */
public final class CustomerBalances {

  private static final Logger log = LoggerFactory.getLogger(CustomerBalances.class);

  private CustomerBalances() {}

  /** Stripe says money reached the customer's cash balance. */
  public static void fundsArrived(
      WorkflowClient client, long merchantId, long customerId, FundsArrival arrival) {
    CustomerBalanceWorkflow run = stub(client, customerId, false);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(run::run, new CustomerBalanceInput(merchantId, customerId));
    request.add(run::fundsArrived, arrival);
    client.signalWithStart(request);
  }

  /** The customer has credit to pay its open invoices with. */
  public static void creditAvailable(
      WorkflowClient client, long merchantId, long customerId, String reason) {
    CustomerBalanceWorkflow run = stub(client, customerId, false);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(run::run, new CustomerBalanceInput(merchantId, customerId));
    request.add(run::creditAvailable, reason);
    client.signalWithStart(request);
  }

  /**
   * A new invoice may be paid from what the customer's cash balance at Stripe holds: a balance run
   * that last saw money left looks again now, instead of at its daily look. Only USD invoices are;
   * a customer without a run, or whose run saw nothing left, is not disturbed. Best effort, for the
   * API and activities that make invoices: a Temporal hiccup here never fails the invoice, whose
   * money the daily look finds anyway.
   */
  public static void invoiceOwed(
      WorkflowClient client, long customerId, String invoiceNumber, String currency) {
    if (!"USD".equalsIgnoreCase(currency)) {
      return;
    }
    CustomerBalanceWorkflow run =
        client.newWorkflowStub(
            CustomerBalanceWorkflow.class, WorkflowIds.customerBalance(customerId));
    try {
      if (run.status().cashBalance() > 0) {
        run.fundsArrived(new FundsArrival(null, 0, "usd", "invoice " + invoiceNumber));
      }
    } catch (WorkflowNotFoundException none) {
      // No balance run: the customer never had money at Stripe.
    } catch (RuntimeException unreachable) {
      log.warn(
          "invoice {}: customer {}'s balance run was not asked to look again: {}",
          invoiceNumber,
          customerId,
          unreachable.getMessage());
    }
  }

  /** The customer's bank transfer instructions, asked of Stripe by the run the first time. */
  public static BankTransferInstructions fundingInstructions(
      WorkflowClient client, long merchantId, long customerId) {
    CustomerBalanceWorkflow run = stub(client, customerId, true);
    return WorkflowClient.executeUpdateWithStart(
        run::fundingInstructions,
        UpdateOptions.<BankTransferInstructions>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(
            run::run, new CustomerBalanceInput(merchantId, customerId)));
  }

  /** Where the customer's run stands; empty when it has none. */
  public static Optional<CustomerBalanceView> status(WorkflowClient client, long customerId) {
    try {
      return Optional.of(
          client
              .newWorkflowStub(
                  CustomerBalanceWorkflow.class, WorkflowIds.customerBalance(customerId))
              .status());
    } catch (WorkflowNotFoundException none) {
      return Optional.empty();
    }
  }

  private static CustomerBalanceWorkflow stub(
      WorkflowClient client, long customerId, boolean forUpdateWithStart) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.customerBalance(customerId))
            .setTaskQueue(TaskQueues.CUSTOMER_BALANCES);
    if (forUpdateWithStart) {
      options.setWorkflowIdConflictPolicy(
          WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    }
    return client.newWorkflowStub(CustomerBalanceWorkflow.class, options.build());
  }
}
