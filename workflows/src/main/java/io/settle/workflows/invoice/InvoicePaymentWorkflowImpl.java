package io.settle.workflows.invoice;

import static io.settle.workflows.invoice.InvoiceActivities.message;
import static io.settle.workflows.invoice.InvoiceActivities.now;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The invoice's payment lifecycle: a thin shell over {@link InvoiceRun} (the state and its
 * decisions), {@link ChargeAttempts} (one attempt, top to bottom), {@link WaitingAttempt} (a
 * payment waiting on Stripe or the customer, to its final word) and {@link InvoiceActivities}
 * (effects and publishing). One loop applies what arrived and otherwise sleeps until the run's next
 * own action: the due date, a dunning retry, a poll, the end of the wait for authentication. Every
 * effect takes its turn: an agent's charge-now, a recorded external payment, a reservation and the
 * loop's own work never overlap, so none reads a balance another is moving.
 */
public class InvoicePaymentWorkflowImpl implements InvoicePaymentWorkflow {

  private static final Logger log = Workflow.getLogger(InvoicePaymentWorkflowImpl.class);

  /** Reservations for pay-all add the processing fee (runs started before did not). */
  private static final String PAY_ALL_FEE_CHANGE = "pay-all-processing-fee";

  /**
   * An agent's charge or a void on an invoice its payment link holds withdraws the link first (runs
   * started before refused the charge, and deferred the void until the link's window ended).
   */
  private static final String LINK_WITHDRAWAL_CHANGE = "agent-withdraws-payment-link";

  /**
   * A retry-now also makes a run whose charge's outcome is unknown ask Stripe at once, as the
   * reconciliation janitor asks of one unknown too long (runs started before acted on it only with
   * a problem recorded, after a day).
   */
  private static final String RETRY_NOW_ASKS_UNKNOWN_CHANGE = "retry-now-asks-unknown";

  /**
   * A new invoice first takes what it can from its customer's credit, before any charge (runs
   * started before had no credit to take).
   */
  private static final String CREDIT_FIRST_CHANGE = "customer-credit-first";

  /**
   * Money from outside Stripe beyond what can be collected is recorded, the excess becoming the
   * customer's credit (runs started before did not take it).
   */
  private static final String OVERPAYMENT_CREDIT_CHANGE = "overpayment-becomes-credit";

  /**
   * How long a charge waits for its invoice's payment link to close its page and let go; longer
   * (Stripe unreachable, say) and the charge is refused as busy, while the link goes on closing.
   */
  private static final Duration LINK_WITHDRAWAL_WAIT = Duration.ofMinutes(2);

  /**
   * Runs continue as new at the history limit too, and while a pay-all holds them: the run travels
   * whole, hold included (runs started before stopped only when Temporal suggested it).
   */
  private static final String WHOLE_RUN_CHANGE = "continue-as-new-whole";

  /**
   * Continue as new here at the latest: Temporal's own suggestion comes at this many events on a
   * server, but not on the time-skipping test server.
   */
  static final int HISTORY_LIMIT = 4_096;

  /** One effect at a time: whoever holds the turn may call activities and move the run. */
  private final WorkflowLock turn = Workflow.newWorkflowLock();

  private InvoicePaymentInput input;
  private CollectionPolicy policy;
  private InvoiceRun run;
  private InvoiceActivities activities;
  private ChargeAttempts attempts;
  private WaitingAttempt waiting;

  @Override
  public InvoiceState run(InvoicePaymentInput input) {
    this.input = input;
    this.policy = input.policy() == null ? CollectionPolicy.defaults() : input.policy();
    this.run = input.startingRun();
    this.activities = new InvoiceActivities(input, run);
    this.attempts = new ChargeAttempts(input, policy, run, activities);
    this.waiting = new WaitingAttempt(input, policy, run, activities);
    activities.upsertSearchAttributes();
    if (!input.continues()) {
      withTurn(this::begin);
    }
    while (!run.state().isTerminal()) {
      if (timeToContinueAsNew()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info("invoice {} continues as new", input.invoiceNumber());
        Workflow.continueAsNew(input.continuedWith(run)); // whatever arrived meanwhile included
      }
      if (run.hasArrivals() && !turn.isHeld()) {
        withTurn(() -> applyOrRecordProblem(run.nextArrival()));
        continue;
      }
      planNextAction();
      int seen = run.revision();
      if (run.nextActionAt() == null) {
        Workflow.await(() -> somethingArrived() || run.revision() != seen);
        continue;
      }
      Duration wait = Duration.between(now(), run.nextActionAt());
      boolean woken =
          !wait.isNegative()
              && Workflow.await(wait, () -> somethingArrived() || run.revision() != seen);
      if (!woken) {
        withTurn(this::actOnScheduleOrRecordProblem);
      }
    }
    // An agent's charge-now that ended the invoice still owes its caller the answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
    return run.state();
  }

  private boolean timeToContinueAsNew() {
    if (run.hasArrivals() || turn.isHeld()) {
      return false;
    }
    boolean suggested = Workflow.getInfo().isContinueAsNewSuggested();
    if (suggested && run.payAllHold() == null) {
      return true;
    }
    boolean due = suggested || Workflow.getInfo().getHistoryLength() >= HISTORY_LIMIT;
    return due && Workflow.getVersion(WHOLE_RUN_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  // ---- signals, updates, query ------------------------------------------------------------------

  @Override
  public void paymentUpdated(PaymentUpdate update) {
    arrive(new Arrival.Payment(update));
  }

  @Override
  public void externalPaymentReceived(ExternalPayment payment) {
    arrive(new Arrival.External(payment));
  }

  @Override
  public void invoiceChanged(InvoiceChange change) {
    arrive(new Arrival.Change(change));
  }

  @Override
  public void voidInvoice(String reason) {
    arrive(new Arrival.Void(reason == null ? "voided" : reason));
  }

  @Override
  public void payAllSettled(PayAll.Settlement settlement) {
    arrive(new Arrival.PayAllSettled(settlement));
  }

  @Override
  public void payAllReleased(String batchId) {
    arrive(new Arrival.PayAllReleased(batchId));
  }

  @Override
  public void retryNow(String reason) {
    arrive(new Arrival.RetryNow(reason == null ? "asked to" : reason));
  }

  /** Signals can come with the run's first task, before it has begun; they wait for it. */
  private void arrive(Arrival arrival) {
    Workflow.await(() -> run != null);
    run.arrive(arrival);
  }

  @Override
  public void validateChargeNow(ChargeNow request) {
    if (run != null) { // not begun yet: the handler waits for the run, then judges the request
      ChargeRules.chargeNowUnlessLinkWithdrawn(run, request)
          .ifPresent(InvoicePaymentWorkflowImpl::refuse);
    }
  }

  @Override
  public AttemptView chargeNow(ChargeNow request) {
    // A charge already under way finishes first; then this one is judged on what it left.
    Workflow.await(() -> run != null);
    if (ChargeRules.linkHolds(run)
        && Workflow.getVersion(LINK_WITHDRAWAL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // A payment link holds the invoice: close its page at Stripe, and let the link release the
      // invoice (or settle it, had the customer paid) before this charge is judged.
      String batchId = run.payAllHold().reservation().batchId();
      withdrawLink(batchId, request.source() + " charge");
      Workflow.await(LINK_WITHDRAWAL_WAIT, () -> !heldFor(batchId));
    }
    return withTurn(
        () -> {
          ChargeRules.chargeNow(run, request).ifPresent(InvoicePaymentWorkflowImpl::refuse);
          InvoiceState before = run.state();
          String plannedAction = run.nextAction();
          Instant plannedAt = run.nextActionAt();
          boolean wasPlanned = run.hasAutomaticPlan();
          AttemptView attempt =
              attempts.charge(
                  request.source().paymentSource(),
                  request.amount() == null ? run.amountDue() : request.amount(),
                  request.paymentMethodId());
          if (attempt == null) {
            throw refusal(
                new Refusal(
                    Refusal.Kind.UNAVAILABLE,
                    "The charge could not start: " + run.problem().message()));
          }
          if (attempt.outcome() == PaymentOutcome.DECLINED && wasPlanned) {
            // A person's failed try leaves the automatic plan (dunning, the due date) where it was.
            run.enter(before);
            run.plan(plannedAction, plannedAt);
            activities.show();
          }
          return attempt;
        });
  }

  @Override
  public void validateRecordExternalPayment(ExternalPayment payment) {
    if (run != null) {
      ChargeRules.externalPayment(run, payment).ifPresent(InvoicePaymentWorkflowImpl::refuse);
    }
  }

  @Override
  public InvoicePaymentStatus recordExternalPayment(ExternalPayment payment) {
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.externalPayment(run, payment).ifPresent(InvoicePaymentWorkflowImpl::refuse);
          try {
            apply(payment);
          } catch (ActivityFailure refused) {
            throw refusal(new Refusal(Refusal.Kind.AMOUNT, message(refused)));
          }
          return status();
        });
  }

  @Override
  public void validateReserveForPayAll(PayAll.Reservation reservation) {
    if (run != null) {
      ChargeRules.reservation(run, reservation).ifPresent(InvoicePaymentWorkflowImpl::refuse);
    }
  }

  @Override
  public long reserveForPayAll(PayAll.Reservation reservation) {
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.reservation(run, reservation).ifPresent(InvoicePaymentWorkflowImpl::refuse);
          if (run.payAllHold() != null) {
            return run.payAllHold().reservation().amount(); // reserved already by this payment
          }
          run.hold(reservation); // held from here on, also while the fee is added
          if (Workflow.getVersion(PAY_ALL_FEE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
            // Paid through Stripe like any charge, so the processing fee is added first.
            long share = attempts.withProcessingFee(reservation.amount());
            run.reserve(new PayAll.Reservation(reservation.batchId(), share));
          }
          run.enter(InvoiceState.PROCESSING);
          run.plan("wait for the pay-all payment " + reservation.batchId(), null);
          activities.show();
          return run.payAllHold().reservation().amount();
        });
  }

  @Override
  public void validateApplyCredit(String reason) {
    if (run != null) {
      ChargeRules.credit(run).ifPresent(InvoicePaymentWorkflowImpl::refuse);
    }
  }

  @Override
  public InvoicePaymentStatus applyCredit(String reason) {
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.credit(run).ifPresent(InvoicePaymentWorkflowImpl::refuse);
          log.info("invoice {}: credit asked for ({})", input.invoiceNumber(), reason);
          takeCredit();
          return status();
        });
  }

  @Override
  public InvoicePaymentStatus status() {
    return run == null ? InvoiceRun.of(0, null).status() : run.status();
  }

  // ---- the lifecycle ----------------------------------------------------------------------------

  private void begin() {
    if (run.total() == 0) {
      log.info("invoice {} totals zero: paid without a charge", input.invoiceNumber());
      run.enter(InvoiceState.PAID);
      activities.show();
      return;
    }
    if (Workflow.getVersion(CREDIT_FIRST_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      takeCredit();
      if (run.state().isTerminal()) {
        return;
      }
    }
    switch (input.autopay()) {
      case ON_CREATION -> attempts.charge(PaymentSource.AUTO, run.amountDue(), null);
      case ON_DUE_DATE -> {
        run.enter(InvoiceState.AWAITING_DUE_DATE);
        activities.show();
      }
      case OFF -> log.info("invoice {} waits for a person to collect it", input.invoiceNumber());
    }
  }

  /** Decides when the loop next acts on its own, from the state; nothing scheduled is null. */
  private void planNextAction() {
    switch (run.state()) {
      case AWAITING_DUE_DATE ->
          run.plan(
              "charge on the due date", run.dueDate().atStartOfDay(ZoneOffset.UTC).toInstant());
      case RETRY_SCHEDULED, PROCESSING, REQUIRES_ACTION -> {} // set when the state was entered
      default -> run.plan(null, null);
    }
  }

  /**
   * The run's own next step; one whose activity failed for good (a revoked key while polling, a
   * ledger refusal) is recorded and taken again later, instead of failing the run.
   */
  private void actOnScheduleOrRecordProblem() {
    if (run.payAllHold() != null) {
      return; // dunning and the due date wait for the pay-all payment
    }
    try {
      switch (run.state()) {
        case AWAITING_DUE_DATE, RETRY_SCHEDULED ->
            attempts.charge(PaymentSource.AUTO, run.amountDue(), null);
        case PROCESSING -> {
          if (run.unresolved() != null) {
            attempts.askAboutUnknownOutcome();
          } else {
            waiting.poll();
          }
        }
        case REQUIRES_ACTION -> waiting.giveUpOnAuthentication();
        default -> run.plan(null, null);
      }
    } catch (ActivityFailure failure) {
      activities.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      run.plan(run.nextAction(), now().plus(run.problem().retryDelay()));
    }
  }

  private boolean somethingArrived() {
    return run.hasArrivals() && !turn.isHeld();
  }

  // ---- what arrives -----------------------------------------------------------------------------

  /**
   * What arrived, applied; one the ledger refuses (a new total below what is paid, say) is recorded
   * as the run's problem for a person to see, and nothing of it is written.
   */
  private void applyOrRecordProblem(Arrival arrived) {
    try {
      switch (arrived) {
        case Arrival.Payment payment -> waiting.apply(payment.update());
        case Arrival.External external -> apply(external.payment());
        case Arrival.Change change when run.payAllHold() != null -> run.defer(change);
        case Arrival.Void voided when run.payAllHold() != null -> {
          if (ChargeRules.linkHolds(run)
              && Workflow.getVersion(LINK_WITHDRAWAL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
            // Applied once the link has let go: released, or paid first by the customer.
            withdrawLink(run.payAllHold().reservation().batchId(), "void");
          }
          run.defer(voided);
        }
        case Arrival.Change change -> apply(change.change());
        case Arrival.Void voided -> {
          if (!run.state().isTerminal()) {
            log.info("invoice {} voided: {}", input.invoiceNumber(), voided.reason());
            activities.apply(run.voided());
          }
        }
        case Arrival.PayAllSettled settled -> {
          if (heldFor(settled.settlement().batchId())) {
            run.releaseHold();
            long paid = run.amountPaid() + settled.settlement().allocated();
            activities.apply(run.paidByBatch(new InvoiceBalance(run.total(), paid, null)));
          }
        }
        case Arrival.PayAllReleased released -> {
          if (heldFor(released.batchId())) {
            run.releaseHold(); // back to what it was doing, dunning's plan included
            activities.show();
          }
        }
        case Arrival.RetryNow retry -> {
          if (run.problem() != null && run.nextActionAt() != null) {
            log.info("invoice {}: retrying now ({})", input.invoiceNumber(), retry.reason());
            run.plan(run.nextAction(), now());
          } else if (run.unresolved() != null
              && run.nextActionAt() != null
              && Workflow.getVersion(RETRY_NOW_ASKS_UNKNOWN_CHANGE, Workflow.DEFAULT_VERSION, 1)
                  >= 1) {
            log.info("invoice {}: asking Stripe now ({})", input.invoiceNumber(), retry.reason());
            run.plan(run.nextAction(), now());
          }
        }
      }
    } catch (ActivityFailure failure) {
      activities.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
    }
  }

  /**
   * Money from outside Stripe. What the invoice does not owe becomes the customer's credit, also
   * when a payment in flight lands later; only a pay-all's reserved share is not paid around.
   */
  private void apply(ExternalPayment payment) {
    if (run.state().isTerminal()
        || run.hasRecorded(payment.reference())
        || payment.amount() <= 0
        || (payment.amount() > run.amountDue() - run.inFlight()
            && (run.payAllHold() != null
                || Workflow.getVersion(OVERPAYMENT_CREDIT_CHANGE, Workflow.DEFAULT_VERSION, 1)
                    == Workflow.DEFAULT_VERSION))) {
      log.info("invoice {}: external {} not taken", input.invoiceNumber(), payment.reference());
      return;
    }
    String key = IdempotencyKeys.externalPayment(input.invoiceKey(), payment.reference());
    InvoiceBalance balance =
        activities.ledger.recordExternalPayment(input.invoiceId(), key, payment);
    run.recordReference(payment.reference()); // after the row: a refused one may come again
    if (run.waitingAttempt() == null && run.payAllHold() == null) {
      activities.apply(run.paid(balance));
    } else {
      run.balance(balance); // a payment in flight stays in flight; only the balance moves
    }
  }

  /**
   * Pays what the customer's credit covers, under the run's next credit key; a run with no credit
   * to take moves nothing. Any automatic plan (the due date, dunning) stays for what is still owed.
   */
  private void takeCredit() {
    String key = IdempotencyKeys.creditApplication(input.invoiceKey(), run.nextCreditNumber());
    InvoiceBalance balance = activities.ledger.applyCredit(input.invoiceId(), key);
    if (balance.amountPaid() > run.amountPaid()) {
      run.creditTaken();
      activities.apply(run.paid(balance));
    }
  }

  /** A new total (never below what is paid or in flight) or due date (the timer moves). */
  private void apply(InvoiceChange change) {
    long committed = run.amountPaid() + run.inFlight();
    if (run.state().isTerminal() || (change.total() != null && change.total() < committed)) {
      log.warn("invoice {}: change {} not applied", input.invoiceNumber(), change);
      return;
    }
    InvoiceBalance balance = activities.ledger.changeInvoice(input.invoiceId(), change);
    run.balance(balance);
    if (change.dueDate() != null) {
      run.moveDueDate(change.dueDate()); // AWAITING_DUE_DATE plans its timer on the next turn
    }
    if (run.amountDue() == 0 && run.waitingAttempt() == null && run.payAllHold() == null) {
      activities.apply(run.paid(balance));
    }
  }

  private boolean heldFor(String batchId) {
    return run.payAllHold() != null && run.payAllHold().reservation().batchId().equals(batchId);
  }

  // ---- small things -----------------------------------------------------------------------------

  private void withTurn(Runnable effect) {
    withTurn(
        () -> {
          effect.run();
          return null;
        });
  }

  /** Asks the payment link holding the invoice to close its page and let the invoice go. */
  private void withdrawLink(String batchId, String reason) {
    log.info(
        "invoice {}: withdrawing payment link {} for a {}", input.invoiceNumber(), batchId, reason);
    try {
      Workflow.newUntypedExternalWorkflowStub(WorkflowIds.ofBatch(batchId))
          .signal(PayAll.WITHDRAW, reason);
    } catch (SignalExternalWorkflowException ended) {
      // The link's run has ended: its release or settlement is on its way here.
      log.warn("invoice {}: payment link {} no longer listens", input.invoiceNumber(), batchId);
    }
  }

  private <T> T withTurn(Supplier<T> effect) {
    turn.lock();
    try {
      return effect.get();
    } finally {
      turn.unlock();
    }
  }

  /** A refused update, validator or handler alike: one failure type, the kind as its detail. */
  private static void refuse(Refusal refusal) {
    throw refusal(refusal);
  }

  private static ApplicationFailure refusal(Refusal refusal) {
    return ApplicationFailure.newNonRetryableFailure(
        refusal.message(), Refusal.FAILURE_TYPE, refusal.kind());
  }
}
