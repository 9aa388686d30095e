package io.settle.workflows.balance;

import com.uber.m3.tally.Scope;
import io.settle.workflows.ActivityRetries;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The customer's balance run: a thin shell over {@link CustomerBalanceRun}. It sleeps until money
 * arrives (a signal) or its time to look again comes, then pays the customer's open invoices
 * earliest due first: from credit in Settle's ledger, then from the cash balance at Stripe. Each
 * payment is an update of the invoice's own workflow, which refuses one with a payment in flight
 * (that invoice is skipped, and tried again later).
 */
public class CustomerBalanceWorkflowImpl implements CustomerBalanceWorkflow {

  private static final Logger log = Workflow.getLogger(CustomerBalanceWorkflowImpl.class);

  /** Continue as new here at the latest, carrying the run whole. */
  static final int HISTORY_LIMIT = 2_000;

  // A try that outlives a minute (Stripe slow, a worker gone) is tried again: the same update id
  // finds the invoice's update where it stands.
  private final CustomerBalanceActivities activities =
      Workflow.newActivityStub(
          CustomerBalanceActivities.class,
          ActivityRetries.options(Duration.ofMinutes(1), List.of()));

  /**
   * A person waits on the funding instructions: a few tries, then the update fails with {@link
   * #INSTRUCTIONS_UNAVAILABLE} and the API answers 503, instead of waiting for Stripe forever.
   */
  private final CustomerBalanceActivities asked =
      Workflow.newActivityStub(
          CustomerBalanceActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  private CustomerBalanceInput input;
  private CustomerBalanceRun run;

  @Override
  public void run(CustomerBalanceInput input) {
    this.input = input;
    this.run = input.carried() != null ? input.carried() : new CustomerBalanceRun();
    while (true) {
      if (!run.hasWork()) {
        if (timeToContinueAsNew()) {
          Workflow.await(Workflow::isEveryHandlerFinished);
          Workflow.continueAsNew(
              new CustomerBalanceInput(input.merchantId(), input.customerId(), run));
        }
        Instant lookAt = run.nextLookAt();
        if (lookAt == null) {
          Workflow.await(run::hasWork);
        } else {
          Duration wait = Duration.between(now(), lookAt);
          if (wait.isNegative() || !Workflow.await(wait, run::hasWork)) {
            run.lookAgain();
          }
        }
        continue;
      }
      if (run.takeCreditWork()) {
        payFromCredit();
      }
      if (run.takeCashWork()) {
        payFromCashBalance();
      }
    }
  }

  private boolean timeToContinueAsNew() {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() >= HISTORY_LIMIT;
  }

  // ---- signals, update, query

  @Override
  public void fundsArrived(FundsArrival arrival) {
    Workflow.await(() -> run != null);
    if (!run.fundsArrived(arrival)) {
      log.info("customer {}: funding {} taken before", input.customerId(), arrival.transactionId());
    }
  }

  @Override
  public void creditAvailable(String reason) {
    Workflow.await(() -> run != null);
    run.creditAvailable();
  }

  @Override
  public BankTransferInstructions fundingInstructions() {
    Workflow.await(() -> run != null);
    if (run.instructions() == null) {
      run.instructions(activities.fundingInstructions(input.merchantId(), input.customerId()));
    }
    return run.instructions();
  }

  @Override
  public CustomerBalanceView status() {
    return run == null
        ? new CustomerBalanceRun().view(0, 0)
        : run.view(input.merchantId(), input.customerId());
  }

  // ---- the passes

  /** Credit first: it costs no Stripe call. A currency's pass ends when its credit runs out. */
  private void payFromCredit() {
    Set<String> spent = new HashSet<>();
    for (OwedInvoice invoice : activities.owedWithCredit(input.merchantId(), input.customerId())) {
      if (spent.contains(invoice.currency())) {
        continue;
      }
      BalanceApplication paid =
          activities.payFromCredit(invoice.invoiceId(), run.nextUpdateId(input.customerId()));
      record(paid);
      if (paid.outcome() == BalanceApplication.Outcome.APPLIED
          && paid.amount() < invoice.amountDue()) {
        spent.add(invoice.currency()); // it paid less than was owed: nothing is left
      }
    }
  }

  /**
   * The cash balance spent on what is owed, earliest due first; the last invoice it reaches may be
   * paid in part, and what is left stays at Stripe. The balance is read from Stripe before each
   * payment, never counted down here: a pass that crashed after an invoice was paid, but before it
   * heard so, still sees only what is really left.
   */
  private void payFromCashBalance() {
    long available = activities.cashBalance(input.merchantId(), input.customerId());
    if (available > 0) {
      List<OwedInvoice> owed = activities.owedInUsd(input.merchantId(), input.customerId());
      for (int i = 0; i < owed.size() && available > 0; i++) {
        OwedInvoice invoice = owed.get(i);
        BalanceApplication paid =
            activities.payFromCashBalance(
                invoice.invoiceId(),
                Math.min(available, invoice.amountDue()),
                run.nextUpdateId(input.customerId()));
        record(paid);
        if (paid.outcome() == BalanceApplication.Outcome.NOT_TAKEN) {
          log.warn(
              "customer {}: Stripe did not take the cash balance for invoice {}: {}",
              input.customerId(),
              invoice.number(),
              paid.detail());
          break; // look again at the next notice
        }
        if (paid.outcome() == BalanceApplication.Outcome.APPLIED) {
          available = activities.cashBalance(input.merchantId(), input.customerId());
        }
      }
      log.info("customer {}: cash balance left {}", input.customerId(), available);
    }
    run.cashLeft(available, now());
  }

  /**
   * Keeps the application for the status, and counts it in the worker's metrics:
   * settle_customer_balance_applications{funds,outcome}, and the amount applied in
   * settle_customer_balance_applied (minor units, any currency).
   */
  private void record(BalanceApplication application) {
    run.record(application, now());
    Scope scope =
        Workflow.getMetricsScope()
            .tagged(
                Map.of(
                    "funds", application.funds().name().toLowerCase(Locale.ROOT),
                    "outcome", application.outcome().name().toLowerCase(Locale.ROOT)));
    scope.counter("settle_customer_balance_applications").inc(1);
    if (application.amount() > 0) {
      scope.counter("settle_customer_balance_applied").inc(application.amount());
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
