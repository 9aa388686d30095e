package io.settle.workflows.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer's balance run on Temporal's time-skipping test server, with the ledger, Stripe's cash
 * balance and the invoices' workflows replaced by one in-memory fake.
 */
class CustomerBalanceWorkflowTest {

  private static final long MERCHANT = 7;
  private static final long CUSTOMER = 70;

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(CustomerBalanceWorkflowImpl.class)
          .setDoNotStart(true)
          .setInitialTime(Instant.parse("2026-12-01T09:00:00Z"))
          .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private final FakeMoney money = new FakeMoney();

  @BeforeEach
  void wire(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    worker.registerActivitiesImplementations(money);
    env.start();
  }

  @Test
  void fundsPayTheOpenInvoicesEarliestDueFirstAndTheLastInPart() {
    money.owe(3, LocalDate.of(2026, 12, 30), 10_000);
    money.owe(1, LocalDate.of(2026, 12, 10), 10_000);
    money.owe(2, LocalDate.of(2026, 12, 20), 15_000);
    money.cash = 30_000;
    CustomerBalanceWorkflow run = start();

    run.fundsArrived(new FundsArrival("ccsbtxn_1", 30_000, "usd", "evt_1"));
    env.sleep(Duration.ofMinutes(1));

    assertThat(money.cashPayments).containsExactly("1:10000", "2:15000", "3:5000");
    assertThat(money.cash).isZero();
    assertThat(money.due).containsEntry(3L, 5_000L);
    CustomerBalanceView status = run.status();
    assertThat(status.cashBalance()).isZero();
    assertThat(status.fundingTransactions()).containsExactly("ccsbtxn_1");
    assertThat(status.recent())
        .extracting(BalanceApplication::amount)
        .containsExactly(10_000L, 15_000L, 5_000L);
    assertThat(money.updateIds).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void theSameFundingTransactionTwiceIsTakenOnce() {
    money.owe(1, LocalDate.of(2026, 12, 10), 10_000);
    money.cash = 4_000;
    CustomerBalanceWorkflow run = start();

    run.fundsArrived(new FundsArrival("ccsbtxn_1", 4_000, "usd", "evt_1"));
    env.sleep(Duration.ofMinutes(1));
    run.fundsArrived(new FundsArrival("ccsbtxn_1", 4_000, "usd", "evt_1"));
    env.sleep(Duration.ofMinutes(1));

    assertThat(money.cashReads)
        .as("one pass, one read before the payment and one after")
        .isEqualTo(2);
    assertThat(money.cashPayments).containsExactly("1:4000");
  }

  @Test
  void anInvoiceWithAPaymentInFlightIsSkippedAndTriedAgainLater() {
    money.owe(1, LocalDate.of(2026, 12, 10), 10_000);
    money.owe(2, LocalDate.of(2026, 12, 20), 10_000);
    money.busy.add(1L);
    money.cash = 10_000;
    CustomerBalanceWorkflow run = start();

    run.fundsArrived(new FundsArrival("ccsbtxn_1", 10_000, "usd", "evt_1"));
    env.sleep(Duration.ofMinutes(1));

    assertThat(money.cashPayments).containsExactly("2:10000");
    assertThat(run.status().recent())
        .extracting(BalanceApplication::outcome)
        .containsExactly(BalanceApplication.Outcome.SKIPPED, BalanceApplication.Outcome.APPLIED);
    assertThat(run.status().nextLookAt()).isNotNull();
  }

  @Test
  void moneyLeftWhileAnInvoiceWasBusyPaysItOnceItIsFree() {
    money.owe(1, LocalDate.of(2026, 12, 10), 10_000);
    money.busy.add(1L);
    money.cash = 10_000;
    CustomerBalanceWorkflow run = start();
    run.fundsArrived(new FundsArrival("ccsbtxn_1", 10_000, "usd", "evt_1"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(money.cashPayments).isEmpty();

    money.busy.clear();
    env.sleep(CustomerBalanceRun.LOOK_AGAIN_AFTER_BUSY.plusMinutes(1));

    assertThat(money.cashPayments).containsExactly("1:10000");
    assertThat(money.cash).isZero();
  }

  @Test
  void creditPaysOpenInvoicesEarliestDueFirstUntilItRunsOut() {
    money.owe(2, LocalDate.of(2026, 12, 20), 10_000);
    money.owe(1, LocalDate.of(2026, 12, 10), 10_000);
    money.owe(3, LocalDate.of(2026, 12, 30), 10_000);
    money.credit = 15_000;
    CustomerBalanceWorkflow run = start();

    run.creditAvailable("an overpayment");
    env.sleep(Duration.ofMinutes(1));

    assertThat(money.creditPayments).containsExactly("1:10000", "2:5000");
    assertThat(money.credit).isZero();
    assertThat(money.due).containsEntry(3L, 10_000L);
  }

  @Test
  void fundingInstructionsAreAskedOfStripeOnce() {
    CustomerBalanceWorkflow run = start();

    BankTransferInstructions first = run.fundingInstructions();
    BankTransferInstructions again = run.fundingInstructions();

    assertThat(again).isEqualTo(first);
    assertThat(first.accountNumber()).isEqualTo("000123456789");
    assertThat(money.instructionRequests).isEqualTo(1);
  }

  /**
   * With -Dsettle.histories.record=true, keeps each test's history, which {@link
   * CustomerBalanceReplayTest} replays on every build.
   */
  @AfterEach
  void recordHistory(TestInfo test) throws IOException {
    if (!Boolean.getBoolean("settle.histories.record")) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(WorkflowIds.customerBalance(CUSTOMER));
    Path file =
        CustomerBalanceReplayTest.HISTORIES.resolve(
            test.getTestMethod().orElseThrow().getName() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }

  private CustomerBalanceWorkflow start() {
    CustomerBalanceWorkflow run =
        client.newWorkflowStub(
            CustomerBalanceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.customerBalance(CUSTOMER))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(run::run, new CustomerBalanceInput(MERCHANT, CUSTOMER));
    return run;
  }

  /** The customer's invoices, credit and cash balance, and the invoices' workflows' rules. */
  static final class FakeMoney implements CustomerBalanceActivities {
    final Map<Long, Long> due = new LinkedHashMap<>();
    final Map<Long, LocalDate> dueDates = new LinkedHashMap<>();
    final Set<Long> busy = new HashSet<>();
    final List<String> cashPayments = new ArrayList<>();
    final List<String> creditPayments = new ArrayList<>();
    final List<String> updateIds = new ArrayList<>();
    long cash;
    long credit;
    int cashReads;
    int instructionRequests;

    void owe(long invoiceId, LocalDate dueDate, long amount) {
      due.put(invoiceId, amount);
      dueDates.put(invoiceId, dueDate);
    }

    private synchronized List<OwedInvoice> owed() {
      return due.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .map(
              e ->
                  new OwedInvoice(
                      e.getKey(),
                      "INV-" + e.getKey(),
                      "USD",
                      e.getValue(),
                      dueDates.get(e.getKey())))
          .sorted(java.util.Comparator.comparing(OwedInvoice::dueDate))
          .toList();
    }

    @Override
    public synchronized List<OwedInvoice> owedWithCredit(long merchantId, long customerId) {
      return credit > 0 ? owed() : List.of();
    }

    @Override
    public synchronized BalanceApplication payFromCredit(long invoiceId, String updateId) {
      updateIds.add(updateId);
      if (busy.contains(invoiceId)) {
        return BalanceApplication.skipped(invoiceId, BalanceApplication.Funds.CREDIT, "busy");
      }
      long amount = Math.min(credit, due.get(invoiceId));
      credit -= amount;
      due.merge(invoiceId, -amount, Long::sum);
      creditPayments.add(invoiceId + ":" + amount);
      return BalanceApplication.applied(invoiceId, BalanceApplication.Funds.CREDIT, amount, null);
    }

    @Override
    public synchronized long cashBalance(long merchantId, long customerId) {
      cashReads++;
      return cash;
    }

    @Override
    public List<OwedInvoice> owedInUsd(long merchantId, long customerId) {
      return owed();
    }

    @Override
    public synchronized BalanceApplication payFromCashBalance(
        long invoiceId, long amount, String updateId) {
      updateIds.add(updateId);
      if (busy.contains(invoiceId)) {
        return BalanceApplication.skipped(
            invoiceId, BalanceApplication.Funds.CASH_BALANCE, "a card payment is processing");
      }
      cash -= amount;
      due.merge(invoiceId, -amount, Long::sum);
      cashPayments.add(invoiceId + ":" + amount);
      return BalanceApplication.applied(
          invoiceId, BalanceApplication.Funds.CASH_BALANCE, amount, "pi_" + updateId);
    }

    @Override
    public synchronized BankTransferInstructions fundingInstructions(
        long merchantId, long customerId) {
      instructionRequests++;
      return new BankTransferInstructions(
          "usd", "Test Bank", "110000000", "000123456789", List.of("ach", "domestic_wire_us"));
    }
  }
}
