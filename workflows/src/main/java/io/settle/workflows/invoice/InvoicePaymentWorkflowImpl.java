package io.settle.workflows.invoice;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationActivities;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The invoice's payment lifecycle: a thin shell over {@link InvoiceRun} and its deciders. One loop
 * applies what arrived and otherwise sleeps until the run's next own action (the due date, a
 * dunning retry, a poll of a processing payment, the end of the wait for authentication). Every
 * effect takes its turn: an agent's charge-now, a recorded external payment, a reservation and the
 * loop's own work never overlap, so none reads a balance another is moving.
 */
public class InvoicePaymentWorkflowImpl implements InvoicePaymentWorkflow {

  private static final Logger log = Workflow.getLogger(InvoicePaymentWorkflowImpl.class);

  /** Reservations for pay-all add the processing fee (runs started before did not). */
  private static final String PAY_ALL_FEE_CHANGE = "pay-all-processing-fee";

  /**
   * Runs continue as new at the history limit too, and while a pay-all holds them: the run travels
   * whole, hold included (runs started before stopped only when Temporal suggested it).
   */
  private static final String WHOLE_RUN_CHANGE = "continue-as-new-whole";

  /** An outcome still unknown after the lookup keeps the invoice blocked and is asked again. */
  private static final String UNKNOWN_BLOCKS_CHANGE = "unknown-outcome-blocks";

  /** A merchant's key or permission failure pauses collection instead of counting as a decline. */
  private static final String MERCHANT_PAUSE_CHANGE = "merchant-failure-pauses";

  /**
   * Continue as new here at the latest: Temporal's own suggestion comes at this many events on a
   * server, but not on the time-skipping test server.
   */
  static final int HISTORY_LIMIT = 4_096;

  /** How soon a charge whose outcome is unknown is asked about again, and how rarely at most. */
  static final Duration UNKNOWN_FIRST_LOOKUP = Duration.ofMinutes(5);

  static final Duration UNKNOWN_LONGEST_LOOKUP = Duration.ofHours(6);

  /** After this long unknown, a person is asked to look (the lookups go on). */
  static final Duration UNKNOWN_PERSON_AFTER = Duration.ofDays(1);

  private final LedgerActivities ledger =
      Workflow.newActivityStub(
          LedgerActivities.class, ActivityRetries.options(Duration.ofSeconds(10), List.of()));

  // Retries re-send the same idempotency key, so Stripe replays instead of charging again.
  private final ChargeActivities charges =
      Workflow.newActivityStub(
          ChargeActivities.class,
          ActivityRetries.options(Duration.ofSeconds(30), ChargeFailures.NON_RETRYABLE));

  private final NotificationActivities notifications =
      Workflow.newActivityStub(
          NotificationActivities.class, ActivityRetries.options(Duration.ofSeconds(10), List.of()));

  /** One effect at a time: whoever holds the turn may call activities and move the run. */
  private final WorkflowLock turn = Workflow.newWorkflowLock();

  private InvoicePaymentInput input;
  private PaymentPolicy policy;
  private InvoiceRun run;

  /**
   * Bumped on every change of state or plan, so a sleeping loop wakes to what a handler did. Kept
   * as a counter, not derived from the plan, because each wake cancels a timer: the recorded
   * histories depend on exactly these wakes.
   */
  private int revision;

  @Override
  public InvoiceState run(InvoicePaymentInput input) {
    this.input = input;
    this.policy = input.policy() == null ? PaymentPolicy.defaults() : input.policy();
    this.run = input.startingRun();
    upsertSearchAttributes();
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
      int seen = revision;
      if (run.nextActionAt() == null) {
        Workflow.await(() -> somethingArrived() || revision != seen);
        continue;
      }
      Duration wait = Duration.between(now(), run.nextActionAt());
      boolean woken =
          !wait.isNegative() && Workflow.await(wait, () -> somethingArrived() || revision != seen);
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

  /** Signals can come with the run's first task, before it has begun; they wait for it. */
  private void arrive(Arrival arrival) {
    Workflow.await(() -> run != null);
    run.arrive(arrival);
  }

  @Override
  public void validateChargeNow(ChargeNow request) {
    if (run != null) { // not begun yet: the handler waits for the run, then judges the request
      ChargeRules.chargeNow(run, request).ifPresent(InvoicePaymentWorkflowImpl::refuse);
    }
  }

  @Override
  public AttemptView chargeNow(ChargeNow request) {
    // A charge already under way finishes first; then this one is judged on what it left.
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.chargeNow(run, request).ifPresent(InvoicePaymentWorkflowImpl::refuse);
          long amount = request.amount() == null ? run.amountDue() : request.amount();
          PaymentSource source =
              request.source() == ChargeNow.ChargeSource.PORTAL
                  ? PaymentSource.PORTAL
                  : PaymentSource.AGENT;
          InvoiceState before = run.state();
          String plannedAction = run.nextAction();
          Instant plannedAt = run.nextActionAt();
          boolean wasPlanned = run.hasAutomaticPlan();
          AttemptView attempt = charge(source, amount, request.paymentMethodId());
          if (attempt == null) {
            throw refusal(
                new Refusal(
                    Refusal.Kind.UNAVAILABLE,
                    "The charge could not start: " + run.problem().message()));
          }
          if (attempt.outcome() == PaymentOutcome.DECLINED && wasPlanned) {
            // A person's failed try leaves the automatic plan (dunning, the due date) where it was.
            run.enter(before);
            schedule(plannedAction, plannedAt);
            show();
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
            run.reserve(
                new PayAll.Reservation(
                    reservation.batchId(), withProcessingFee(reservation.amount())));
          }
          run.enter(InvoiceState.PROCESSING);
          schedule("wait for the pay-all payment " + reservation.batchId(), null);
          show();
          return run.payAllHold().reservation().amount();
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
      show();
      return;
    }
    switch (input.autopay()) {
      case ON_CREATION -> charge(PaymentSource.AUTO, run.amountDue(), null);
      case ON_DUE_DATE -> {
        run.enter(InvoiceState.AWAITING_DUE_DATE);
        show();
      }
      case OFF -> log.info("invoice {} waits for a person to collect it", input.invoiceNumber());
    }
  }

  /** Decides when the loop next acts on its own, from the state; nothing scheduled is null. */
  private void planNextAction() {
    switch (run.state()) {
      case AWAITING_DUE_DATE ->
          schedule(
              "charge on the due date", run.dueDate().atStartOfDay(ZoneOffset.UTC).toInstant());
      case RETRY_SCHEDULED, PROCESSING, REQUIRES_ACTION -> {} // set when the state was entered
      default -> schedule(null, null);
    }
  }

  private void actOnSchedule() {
    if (run.payAllHold() != null) {
      return; // dunning and the due date wait for the pay-all payment
    }
    switch (run.state()) {
      case AWAITING_DUE_DATE, RETRY_SCHEDULED -> charge(PaymentSource.AUTO, run.amountDue(), null);
      case PROCESSING -> {
        if (run.unresolved() != null) {
          askAboutUnknownOutcome();
        } else {
          pollProcessingPayment();
        }
      }
      case REQUIRES_ACTION -> giveUpWaitingForAuthentication();
      default -> schedule(null, null);
    }
  }

  /**
   * A scheduled step whose activity failed for good (a revoked key while polling, a ledger
   * refusal): the run records it and takes the same step again later, instead of failing.
   */
  private void actOnScheduleOrRecordProblem() {
    try {
      actOnSchedule();
    } catch (ActivityFailure failure) {
      problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      schedule(run.nextAction(), now().plus(run.problem().retryDelay()));
    }
  }

  /**
   * What arrived, applied; one the ledger refuses (a new total below what is paid, say) is recorded
   * as the run's problem for a person to see, and nothing of it is written.
   */
  private void applyOrRecordProblem(Arrival arrived) {
    try {
      apply(arrived);
    } catch (ActivityFailure failure) {
      problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
    }
  }

  private boolean somethingArrived() {
    return run.hasArrivals() && !turn.isHeld();
  }

  // ---- charging ---------------------------------------------------------------------------------

  /**
   * One attempt: the row with its key first, then Stripe, then the outcome in the ledger. Answers
   * null when the attempt could not begin (the run's problem says why; nothing reached Stripe).
   */
  private AttemptView charge(PaymentSource source, long amount, String paymentMethodId) {
    boolean automatic = source == PaymentSource.AUTO;
    InvoiceState before = run.state();
    String plannedAction = run.nextAction();
    Instant plannedAt = run.nextActionAt();
    run.enter(InvoiceState.CHARGING);
    schedule(null, null);
    int number;
    String key;
    ChargeRequest request;
    try {
      amount = withProcessingFee(amount);
      number = run.nextAttemptNumber();
      key = IdempotencyKeys.chargeAttempt(input.invoiceKey(), number);
      request =
          ledger.beginAttempt(
              new AttemptStart(key, input.invoiceId(), number, amount, source, paymentMethodId));
    } catch (ActivityFailure failure) {
      problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      pause(automatic, before, plannedAction, plannedAt);
      return null;
    }
    ChargeResult result;
    if (request.paymentMethodId() == null) {
      result =
          ChargeResult.declined(
              null, "payment_method_missing", null, "The customer has no payment method.");
    } else {
      try {
        result = charges.charge(request);
      } catch (ActivityFailure failure) {
        if (merchantSide(failure)
            && Workflow.getVersion(MERCHANT_PAUSE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
          return merchantCannotCharge(
              request, failure, automatic, before, plannedAction, plannedAt);
        }
        result = recordedRefusal(request, failure);
      }
    }
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      // The answer was lost, not the charge: ask Stripe what it did. Charging again under a new
      // key here is how a customer gets charged twice.
      log.warn(
          "invoice {} attempt {}: outcome unknown ({}); resolving with Stripe",
          input.invoiceNumber(),
          number,
          result.message());
      result = resolve(request, result);
    }
    AttemptView attempt =
        new AttemptView(
            number,
            key,
            amount,
            result.outcome(),
            result.paymentIntentId(),
            result.errorCode(),
            result.declineCode());
    InvoiceBalance balance;
    try {
      balance = ledger.recordOutcome(key, result);
    } catch (ActivityFailure failure) {
      // Stripe may have taken the money and the ledger refused to say so: the attempt stays
      // open and is asked about again, never charged again under a new key.
      AttemptView unknown =
          new AttemptView(
              number, key, amount, PaymentOutcome.UNKNOWN, result.paymentIntentId(), null, null);
      run.addAttempt(unknown);
      problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      blockOnUnknown(unknown, request, automatic, run.problem().retryDelay());
      return unknown;
    }
    run.addAttempt(attempt); // after the row, so whoever sees it here finds it in MySQL too
    solved();
    count(result.outcome());
    log.info(
        "invoice {} attempt {} ended {} ({})",
        input.invoiceNumber(),
        number,
        result.outcome(),
        result.status());
    switch (result.outcome()) {
      case SUCCEEDED -> paid(balance);
      case DECLINED -> declined(attempt, result, automatic);
      case PENDING -> waitFor(attempt, result);
      case UNKNOWN -> {
        if (Workflow.getVersion(UNKNOWN_BLOCKS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
          blockOnUnknown(attempt, request, automatic, UNKNOWN_FIRST_LOOKUP);
        } else {
          run.enter(InvoiceState.OPEN); // runs started before: left for reconciliation
          show();
        }
      }
    }
    return attempt;
  }

  /** Asks Stripe what became of the charge under this key; a refused lookup decides nothing. */
  private ChargeResult resolve(ChargeRequest request, ChargeResult unknown) {
    try {
      return charges.resolve(request, unknown.paymentIntentId());
    } catch (ActivityFailure failure) {
      if (Workflow.getVersion(UNKNOWN_BLOCKS_CHANGE, Workflow.DEFAULT_VERSION, 1)
          == Workflow.DEFAULT_VERSION) {
        throw failure;
      }
      log.warn("invoice {}: the lookup failed too: {}", input.invoiceNumber(), message(failure));
      return unknown;
    }
  }

  /**
   * The charge may still succeed at Stripe: the invoice stays blocked (no second key while the
   * first may still be paid) and Stripe is asked again on a backoff; after a day a person is asked
   * to look too.
   */
  private void blockOnUnknown(
      AttemptView attempt, ChargeRequest request, boolean automatic, Duration firstLookup) {
    run.waitOn(attempt);
    run.unresolved(new InvoiceRun.UnresolvedCharge(request, automatic, now()));
    run.enter(InvoiceState.PROCESSING);
    run.pollAfter(firstLookup);
    schedule(askAbout(attempt), now().plus(firstLookup));
    show();
  }

  private void askAboutUnknownOutcome() {
    AttemptView attempt = run.waitingAttempt();
    InvoiceRun.UnresolvedCharge unresolved = run.unresolved();
    ChargeResult result;
    try {
      result = charges.resolve(unresolved.request(), attempt.paymentIntentId());
    } catch (ActivityFailure failure) {
      log.warn("invoice {}: the lookup failed: {}", input.invoiceNumber(), message(failure));
      result = ChargeResult.unknown(failureType(failure), message(failure));
    }
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      Duration next = run.pollDelay().multipliedBy(2);
      run.pollAfter(next.compareTo(UNKNOWN_LONGEST_LOOKUP) <= 0 ? next : UNKNOWN_LONGEST_LOOKUP);
      if (!now().isBefore(unresolved.since().plus(UNKNOWN_PERSON_AFTER))
          && (run.problem() == null
              || run.problem().kind() != InvoiceProblem.Kind.OUTCOME_UNKNOWN)) {
        run.problem(
            InvoiceProblem.Kind.OUTCOME_UNKNOWN,
            "OutcomeUnknown",
            "Stripe has not said what became of attempt "
                + attempt.number()
                + " ("
                + attempt.idempotencyKey()
                + ") since "
                + unresolved.since()
                + "; it is asked again, never charged again under a new key.",
            now());
        showProblem();
      }
      schedule(askAbout(attempt), now().plus(run.pollDelay()));
      return;
    }
    InvoiceBalance balance = ledger.recordOutcome(attempt.idempotencyKey(), result);
    AttemptView settled = run.settleAttempt(attempt, result);
    run.unresolved(null);
    solved();
    count(result.outcome());
    log.info(
        "invoice {} attempt {}: Stripe says {}",
        input.invoiceNumber(),
        attempt.number(),
        result.outcome());
    switch (result.outcome()) {
      case SUCCEEDED -> {
        run.waitOn(null);
        paid(balance);
      }
      case DECLINED -> declined(settled, result, unresolved.automatic());
      case PENDING -> waitFor(settled, result);
      case UNKNOWN -> throw new IllegalStateException("handled above");
    }
  }

  private static String askAbout(AttemptView attempt) {
    return "ask Stripe what became of attempt " + attempt.number();
  }

  /** Stripe refused the merchant's key or its permissions: nothing was charged. */
  private static boolean merchantSide(ActivityFailure failure) {
    String type = failureType(failure);
    return ChargeFailures.STRIPE_AUTHENTICATION.equals(type)
        || ChargeFailures.STRIPE_PERMISSION.equals(type);
  }

  /**
   * The merchant's Stripe key or permissions failed: nothing was charged, and nothing the customer
   * did caused it. The attempt is recorded with Stripe's refusal, the merchant is told (once a day
   * at most, however many invoices meet it), and collection pauses: the same step is tried again on
   * a backoff, without spending the customer's dunning schedule or e-mailing the customer.
   */
  private AttemptView merchantCannotCharge(
      ChargeRequest request,
      ActivityFailure failure,
      boolean automatic,
      InvoiceState before,
      String plannedAction,
      Instant plannedAt) {
    ChargeResult refused =
        ChargeResult.declined(null, failureType(failure), null, message(failure));
    ledger.recordOutcome(request.idempotencyKey(), refused);
    AttemptView attempt =
        run.addAttempt(
            new AttemptView(
                request.attemptNumber(),
                request.idempotencyKey(),
                request.amount(),
                PaymentOutcome.DECLINED,
                null,
                refused.errorCode(),
                null));
    count(PaymentOutcome.DECLINED);
    log.error(
        "invoice {}: Stripe refused the merchant's access ({}); collection pauses",
        input.invoiceNumber(),
        refused.errorCode());
    problem(InvoiceProblem.Kind.MERCHANT_STRIPE_ACCESS, failure);
    pause(automatic, before, plannedAction, plannedAt);
    notifications.notify(
        new Notification(
            "settle-merchant-"
                + input.merchantId()
                + "-stripe-access-"
                + now().atZone(ZoneOffset.UTC).toLocalDate(),
            input.invoiceId(),
            NotificationKind.MERCHANT_STRIPE_ACCESS,
            request.amount(),
            null,
            null,
            refused.errorCode()));
    return attempt;
  }

  /**
   * An automatic charge that could not be made is tried again after the problem's backoff; a
   * person's try leaves the invoice as it was.
   */
  private void pause(
      boolean automatic, InvoiceState before, String plannedAction, Instant plannedAt) {
    if (automatic) {
      run.enter(InvoiceState.RETRY_SCHEDULED);
      schedule(
          "charge again (" + run.problem().kind() + ")", now().plus(run.problem().retryDelay()));
    } else {
      run.enter(before);
      schedule(plannedAction, plannedAt);
    }
    show();
  }

  /** Adds the merchant's processing fee before the first payment through Stripe, once. */
  private long withProcessingFee(long amount) {
    if (run.processingFeeAdded() || policy.processingFeeBasisPoints() <= 0) {
      return amount;
    }
    long fee = ProcessingFee.of(run.amountDue(), policy.processingFeeBasisPoints());
    boolean wholeAmount = amount == run.total() - run.amountPaid();
    run.balance(ledger.addProcessingFee(input.invoiceId(), fee));
    run.feeAdded();
    log.info("invoice {}: processing fee {} added", input.invoiceNumber(), fee);
    // A charge for all that is owed now includes the fee; a partial charge stays as asked.
    return wholeAmount ? run.amountDue() : amount;
  }

  /**
   * A failure no retry can fix (a request Stripe refuses) becomes the attempt's recorded result, so
   * the invoice stays open for someone to fix and retry instead of the run failing with its attempt
   * left pending.
   */
  private ChargeResult recordedRefusal(ChargeRequest request, ActivityFailure failure) {
    if (!(failure.getCause() instanceof ApplicationFailure refused)
        || !ChargeFailures.NON_RETRYABLE.contains(refused.getType())) {
      throw failure;
    }
    ChargeFailures.Details stripe = refused.getDetails().get(ChargeFailures.Details.class);
    String code = stripe == null || stripe.code() == null ? refused.getType() : stripe.code();
    log.error(
        "invoice {} attempt {}: Stripe refused the charge ({}): {}",
        input.invoiceNumber(),
        request.attemptNumber(),
        refused.getType(),
        refused.getOriginalMessage());
    return switch (refused.getType()) {
      case ChargeFailures.STRIPE_IDEMPOTENCY_CONFLICT, ChargeFailures.STRIPE_OUTCOME_UNKNOWN ->
          ChargeResult.unknown(code, refused.getOriginalMessage());
      default -> ChargeResult.declined(null, code, null, refused.getOriginalMessage());
    };
  }

  /** Money arrived: paid in full, or partly, in which case an automatic plan keeps running. */
  private void paid(InvoiceBalance balance) {
    run.balance(balance);
    if (run.amountDue() == 0) {
      run.enter(InvoiceState.PAID);
      schedule(null, null);
      show();
      notifyOnce(NotificationKind.PAID, "paid", run.amountPaid(), null, null, null);
    } else if (run.hasAutomaticPlan()) {
      show(); // the next automatic charge takes what is still owed
    } else {
      run.enter(InvoiceState.PARTIALLY_PAID);
      schedule(null, null);
      show();
    }
  }

  /** A decline: dunning decides what follows, and the customer is told. */
  private void declined(AttemptView attempt, ChargeResult result, boolean automatic) {
    run.waitOn(null);
    Dunning.Step step =
        Dunning.afterDecline(policy, run.retriesUsed(), run.amountPaid(), result, automatic, now());
    if (step instanceof Dunning.Retry retry) {
      run.useRetry();
      run.enter(InvoiceState.RETRY_SCHEDULED);
      schedule("retry charge " + retry.retry(), retry.at());
      show();
      notifyFailed(attempt, retry.at(), result);
      return;
    }
    schedule(null, null);
    notifyFailed(attempt, null, result);
    switch (step) {
      case Dunning.LeftToPerson person -> run.enter(person.then());
      case Dunning.Exhausted exhausted -> {
        log.info(
            "invoice {}: dunning ends ({}); policy {}",
            input.invoiceNumber(),
            exhausted.hard() ? "hard decline " + Dunning.reason(result) : "retries exhausted",
            policy.onExhaustion());
        notifyOnce(
            NotificationKind.DUNNING_EXHAUSTED,
            "exhausted",
            run.amountDue(),
            null,
            attempt.paymentIntentId(),
            Dunning.reason(result));
        run.enter(exhausted.then());
      }
      case Dunning.Retry retry -> throw new IllegalStateException("handled above");
    }
    show();
  }

  /** A payment that is neither paid nor declined yet: processing, or waiting on the customer. */
  private void waitFor(AttemptView attempt, ChargeResult result) {
    run.waitOn(attempt);
    if ("processing".equals(result.status())) {
      startPolling();
      show();
      return;
    }
    run.enter(InvoiceState.REQUIRES_ACTION);
    schedule(
        "give up waiting for the customer to authenticate",
        now().plus(policy.requiresActionExpiry()));
    show();
    notifyOnce(
        NotificationKind.REQUIRES_ACTION,
        "action-" + attempt.number(),
        attempt.amount(),
        null,
        attempt.paymentIntentId(),
        result.errorCode());
  }

  private void startPolling() {
    run.enter(InvoiceState.PROCESSING);
    run.pollAfter(ProcessingPolls.first(policy));
    schedule("ask Stripe about the processing payment", now().plus(run.pollDelay()));
  }

  private void pollProcessingPayment() {
    ChargeResult result =
        charges.retrieve(input.merchantId(), run.waitingAttempt().paymentIntentId());
    if (result.outcome() == PaymentOutcome.PENDING || result.outcome() == PaymentOutcome.UNKNOWN) {
      run.pollAfter(ProcessingPolls.next(run.pollDelay(), policy));
      schedule("ask Stripe about the processing payment", now().plus(run.pollDelay()));
      return;
    }
    settle(run.waitingAttempt(), result);
  }

  private void giveUpWaitingForAuthentication() {
    AttemptView attempt = run.waitingAttempt();
    log.info(
        "invoice {} attempt {}: the customer did not authenticate in time",
        input.invoiceNumber(),
        attempt.number());
    ChargeResult expired =
        ChargeResult.declined(
            attempt.paymentIntentId(),
            "authentication_expired",
            null,
            "The customer did not complete authentication in time.");
    ledger.recordOutcome(attempt.idempotencyKey(), expired);
    run.settleAttempt(attempt, expired);
    run.waitOn(null);
    solved();
    schedule(null, null);
    // Authentication is the customer's to give: no automatic retry would get past it.
    run.enter(run.amountPaid() > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN);
    show();
    notifyOnce(
        NotificationKind.PAYMENT_FAILED,
        "failed-" + attempt.number(),
        attempt.amount(),
        null,
        attempt.paymentIntentId(),
        "authentication_expired");
  }

  /**
   * The waiting attempt's final word, from a webhook or a poll. When the ledger refuses to record
   * it, the attempt stays waiting and Stripe is asked again later, so the word is not lost.
   */
  private void settle(AttemptView attempt, ChargeResult result) {
    InvoiceBalance balance;
    try {
      balance = ledger.recordOutcome(attempt.idempotencyKey(), result);
    } catch (ActivityFailure failure) {
      problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      run.enter(InvoiceState.PROCESSING);
      run.pollAfter(run.problem().retryDelay());
      schedule("ask Stripe about the processing payment", now().plus(run.pollDelay()));
      show();
      return;
    }
    run.settleAttempt(attempt, result);
    run.waitOn(null);
    solved();
    count(result.outcome());
    switch (result.outcome()) {
      case SUCCEEDED -> paid(balance);
      case DECLINED -> declined(attempt, result, true);
      case PENDING, UNKNOWN -> {}
    }
  }

  // ---- what arrives -----------------------------------------------------------------------------

  private void apply(Arrival arrived) {
    switch (arrived) {
      case Arrival.Payment payment -> apply(payment.update());
      case Arrival.External external -> apply(external.payment());
      case Arrival.Change change when run.payAllHold() != null -> deferUntilPayAllEnds(change);
      case Arrival.Void voided when run.payAllHold() != null -> deferUntilPayAllEnds(voided);
      case Arrival.Change change -> apply(change.change());
      case Arrival.Void voided -> voidInvoice(voided);
      case Arrival.PayAllSettled settled -> apply(settled.settlement());
      case Arrival.PayAllReleased released -> release(released.batchId());
    }
  }

  private void apply(PaymentUpdate update) {
    if (!run.remember(update.eventId())) {
      log.info("invoice {}: event {} seen before", input.invoiceNumber(), update.eventId());
      return;
    }
    AttemptView attempt = run.waitingAttempt();
    if (attempt == null || !update.paymentIntentId().equals(attempt.paymentIntentId())) {
      // Late (the attempt already ended, e.g. canceled after succeeded) or not ours: never moves
      // a settled attempt, and never a paid invoice, backwards.
      log.info(
          "invoice {}: {} for {} changes nothing in state {}",
          input.invoiceNumber(),
          update.kind(),
          update.paymentIntentId(),
          run.state());
      return;
    }
    switch (update.kind()) {
      case SUCCEEDED ->
          settle(
              attempt, ChargeResult.succeeded(update.paymentIntentId(), update.amountReceived()));
      case FAILED, CANCELED ->
          settle(
              attempt,
              ChargeResult.declined(
                  update.paymentIntentId(),
                  update.errorCode() == null
                      ? update.kind().name().toLowerCase(Locale.ROOT)
                      : update.errorCode(),
                  update.declineCode(),
                  update.message()));
      case PROCESSING -> {
        if (run.state() == InvoiceState.REQUIRES_ACTION) {
          // Authenticated: now the money moves (an ACH debit after micro-deposits, say).
          startPolling();
          show();
        }
      }
      case REQUIRES_ACTION -> {} // already waiting for the customer, or processing past it
    }
  }

  private void apply(ExternalPayment payment) {
    if (run.state().isTerminal() || run.hasRecorded(payment.reference())) {
      log.info(
          "invoice {}: external payment {} already recorded or invoice {}",
          input.invoiceNumber(),
          payment.reference(),
          run.state());
      return;
    }
    // A payment in flight still counts: accepting more than the rest would overpay when it lands.
    long collectible = run.amountDue() - run.inFlight();
    if (payment.amount() <= 0 || payment.amount() > collectible) {
      log.warn(
          "invoice {}: external payment {} of {} refused; {} can be collected besides what is in"
              + " flight",
          input.invoiceNumber(),
          payment.reference(),
          payment.amount(),
          collectible);
      return;
    }
    String key = "settle-" + input.invoiceKey() + "-external-" + payment.reference();
    InvoiceBalance balance = ledger.recordExternalPayment(input.invoiceId(), key, payment);
    run.recordReference(payment.reference()); // after the row: a refused one may come again
    if (run.waitingAttempt() == null && run.payAllHold() == null) {
      paid(balance);
      return;
    }
    run.balance(balance); // a payment in flight stays in flight; only the balance moves
  }

  private void apply(InvoiceChange change) {
    if (run.state().isTerminal()) {
      log.info("invoice {}: change ignored, invoice is {}", input.invoiceNumber(), run.state());
      return;
    }
    long committed = run.amountPaid() + run.inFlight();
    if (change.total() != null && change.total() < committed) {
      log.warn(
          "invoice {}: new total {} refused; {} is paid or in flight",
          input.invoiceNumber(),
          change.total(),
          committed);
      return;
    }
    InvoiceBalance balance = ledger.changeInvoice(input.invoiceId(), change);
    run.balance(balance);
    if (change.dueDate() != null) {
      run.moveDueDate(change.dueDate()); // AWAITING_DUE_DATE plans its timer on the next turn
    }
    if (run.amountDue() == 0 && run.waitingAttempt() == null && run.payAllHold() == null) {
      paid(balance);
    }
  }

  private void apply(PayAll.Settlement settlement) {
    if (!heldFor(settlement.batchId())) {
      log.info(
          "invoice {}: settlement of pay-all {} changes nothing",
          input.invoiceNumber(),
          settlement.batchId());
      return;
    }
    run.releaseHold();
    revision++;
    paid(new InvoiceBalance(run.total(), run.amountPaid() + settlement.allocated(), null));
  }

  private void release(String batchId) {
    if (!heldFor(batchId)) {
      return;
    }
    run.releaseHold();
    revision++;
    show();
  }

  private boolean heldFor(String batchId) {
    return run.payAllHold() != null && run.payAllHold().reservation().batchId().equals(batchId);
  }

  /**
   * A void or a change of total that arrives while a pay-all payment holds the invoice waits for
   * it: the payment may already be taken for the reserved share, and its record must fit the
   * invoice it is allocated to. After a settlement the invoice is paid and a void comes too late;
   * after a release both apply as if just arrived.
   */
  private void deferUntilPayAllEnds(Arrival arrived) {
    log.info(
        "invoice {}: {} waits for the pay-all payment {}",
        input.invoiceNumber(),
        arrived.getClass().getSimpleName(),
        run.payAllHold().reservation().batchId());
    run.defer(arrived);
  }

  private void voidInvoice(Arrival.Void voided) {
    if (run.state().isTerminal()) {
      return;
    }
    log.info("invoice {} voided: {}", input.invoiceNumber(), voided.reason());
    run.enter(InvoiceState.VOID);
    schedule(null, null);
    show();
  }

  // ---- effects and small things -----------------------------------------------------------------

  private void withTurn(Runnable effect) {
    withTurn(
        () -> {
          effect.run();
          return null;
        });
  }

  private <T> T withTurn(java.util.function.Supplier<T> effect) {
    turn.lock();
    try {
      return effect.get();
    } finally {
      turn.unlock();
    }
  }

  /** Records what failed for good, shows it, and logs it; the caller decides when to try again. */
  private void problem(InvoiceProblem.Kind kind, ActivityFailure failure) {
    run.problem(kind, failureType(failure), message(failure), now());
    log.error(
        "invoice {}: {} ({}, {} in a row): {}",
        input.invoiceNumber(),
        kind,
        failureType(failure),
        run.problem().tries(),
        message(failure));
    showProblem();
  }

  private void solved() {
    if (run.solved()) {
      showProblem();
    }
  }

  /** The problem in the Temporal UI's search attributes; the status query shows it whole. */
  private void showProblem() {
    revision++;
    Workflow.upsertTypedSearchAttributes(InvoiceSearchAttributes.problem(run.problem()));
  }

  private void notifyFailed(AttemptView attempt, Instant nextRetryAt, ChargeResult result) {
    notifyOnce(
        NotificationKind.PAYMENT_FAILED,
        "failed-" + attempt.number(),
        attempt.amount(),
        nextRetryAt,
        attempt.paymentIntentId(),
        Dunning.reason(result));
  }

  private void notifyOnce(
      NotificationKind kind,
      String event,
      long amount,
      Instant nextRetryAt,
      String paymentIntentId,
      String reason) {
    notifications.notify(
        new Notification(
            "settle-" + input.invoiceKey() + "-" + event,
            input.invoiceId(),
            kind,
            amount,
            nextRetryAt,
            paymentIntentId,
            reason));
  }

  /** Shows the state on the invoice row, which is what the API reads, and to the Temporal UI. */
  private void show() {
    revision++;
    ledger.showState(input.invoiceId(), run.state());
    upsertSearchAttributes();
  }

  /** What operators search by in the Temporal UI, kept current on every change of state. */
  private void upsertSearchAttributes() {
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.of(input, run.state(), run.dueDate(), run.amountDue()));
  }

  private void count(PaymentOutcome outcome) {
    Workflow.getMetricsScope()
        .tagged(Map.of("outcome", outcome.name().toLowerCase(Locale.ROOT)))
        .counter("settle_payment_attempts")
        .inc(1);
  }

  private void schedule(String action, Instant at) {
    run.plan(action, at);
    revision++;
  }

  /** A refused update, validator or handler alike: one failure type, the kind as its detail. */
  private static void refuse(Refusal refusal) {
    throw refusal(refusal);
  }

  private static ApplicationFailure refusal(Refusal refusal) {
    return ApplicationFailure.newNonRetryableFailure(
        refusal.message(), Refusal.FAILURE_TYPE, refusal.kind());
  }

  private static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : "ActivityFailed";
  }

  private static String message(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : failure.getMessage();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
