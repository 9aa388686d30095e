package io.settle.workflows.balance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.settle.workflows.WorkflowIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Everything a customer's balance run knows, in one plain object carried whole across
 * continue-as-new: the funding transactions taken, the work waiting (credit to apply, cash to
 * apply), the number of the next invoice update (its ids make retries safe), the cash balance as
 * last read, the latest applications, the bank transfer instructions, and when to look again. Its
 * rules are here; its effects in {@link CustomerBalanceWorkflowImpl}.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CustomerBalanceRun {

  /** How many funding transactions are remembered (Stripe retries an event for three days). */
  static final int REMEMBERED_TRANSACTIONS = 500;

  /** How many applications the status shows. */
  static final int SHOWN_APPLICATIONS = 50;

  /** Money left while an invoice had a payment in flight is tried again after this long. */
  static final Duration LOOK_AGAIN_AFTER_BUSY = Duration.ofHours(1);

  /** Money left with nothing owed is looked at again daily, for invoices made since. */
  static final Duration LOOK_AGAIN_WHEN_IDLE = Duration.ofDays(1);

  private LinkedHashSet<String> fundingTransactions = new LinkedHashSet<>();
  private boolean creditToApply;
  private boolean cashToApply;
  private long updates;
  private long cashBalance;
  private Instant cashBalanceAt;
  private List<BalanceApplication> recent = new ArrayList<>();
  private BankTransferInstructions instructions;
  private Instant nextLookAt;

  // ---- what arrived

  /**
   * Money reached the cash balance: work to do, unless it is a funding transaction taken before.
   *
   * @return whether it was news
   */
  boolean fundsArrived(FundsArrival arrival) {
    if (arrival.transactionId() != null) {
      if (!fundingTransactions.add(arrival.transactionId())) {
        return false;
      }
      while (fundingTransactions.size() > REMEMBERED_TRANSACTIONS) {
        fundingTransactions.remove(fundingTransactions.iterator().next());
      }
    }
    cashToApply = true;
    return true;
  }

  void creditAvailable() {
    creditToApply = true;
  }

  /** The time to look again came: both kinds of money are looked at. */
  void lookAgain() {
    nextLookAt = null;
    creditToApply = true;
    cashToApply = true;
  }

  // ---- the loop's questions

  boolean hasWork() {
    return creditToApply || cashToApply;
  }

  /** Takes the credit work, if any: whatever arrives from here on is work for the next turn. */
  boolean takeCreditWork() {
    boolean work = creditToApply;
    creditToApply = false;
    return work;
  }

  boolean takeCashWork() {
    boolean work = cashToApply;
    cashToApply = false;
    return work;
  }

  Instant nextLookAt() {
    return nextLookAt;
  }

  /** The id of the next invoice update this run sends: the same on every replay and retry. */
  String nextUpdateId(long customerId) {
    updates++;
    return WorkflowIds.customerBalanceUpdate(customerId, updates);
  }

  // ---- what happened

  void record(BalanceApplication application, Instant now) {
    recent.add(application);
    while (recent.size() > SHOWN_APPLICATIONS) {
      recent.remove(0);
    }
    if (application.outcome() == BalanceApplication.Outcome.SKIPPED) {
      lookAgainBy(now.plus(LOOK_AGAIN_AFTER_BUSY));
    }
  }

  /**
   * What is left of the cash balance after a pass: money that paid nothing waits for the next
   * invoice, looked at daily.
   */
  void cashLeft(long balance, Instant now) {
    cashBalance = balance;
    cashBalanceAt = now;
    if (balance > 0) {
      lookAgainBy(now.plus(LOOK_AGAIN_WHEN_IDLE));
    }
  }

  private void lookAgainBy(Instant when) {
    if (nextLookAt == null || when.isBefore(nextLookAt)) {
      nextLookAt = when;
    }
  }

  BankTransferInstructions instructions() {
    return instructions;
  }

  void instructions(BankTransferInstructions given) {
    instructions = given;
  }

  CustomerBalanceView view(long merchantId, long customerId) {
    return new CustomerBalanceView(
        merchantId,
        customerId,
        cashBalance,
        cashBalanceAt,
        List.copyOf(fundingTransactions),
        List.copyOf(recent),
        instructions,
        nextLookAt);
  }
}
