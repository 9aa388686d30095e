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
      if (Workflow.getInfo().isContinueAsNewSuggested()
          && !run.hasArrivals()
          && !turn.isHeld()
          && run.payAllHold() == null) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info("invoice {} continues as new", input.invoiceNumber());
        Workflow.continueAsNew(input.continuedWith(run));
      }
      if (run.hasArrivals() && !turn.isHeld()) {
        withTurn(() -> apply(run.nextArrival()));
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
        withTurn(this::actOnSchedule);
      }
    }
    // An agent's charge-now that ended the invoice still owes its caller the answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
    return run.state();
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
      ChargeRules.chargeNow(run, request).ifPresent(InvoicePaymentWorkflowImpl::refuseLegacy);
    }
  }

  @Override
  public AttemptView chargeNow(ChargeNow request) {
    // A charge already under way finishes first; then this one is judged on what it left.
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.chargeNow(run, request)
              .ifPresent(
                  refusal -> {
                    throw ApplicationFailure.newNonRetryableFailure(
                        refusal.message(), "ChargeRefused");
                  });
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
      ChargeRules.externalPayment(run, payment).ifPresent(InvoicePaymentWorkflowImpl::refuseLegacy);
    }
  }

  @Override
  public InvoicePaymentStatus recordExternalPayment(ExternalPayment payment) {
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.externalPayment(run, payment)
              .ifPresent(
                  refusal -> {
                    RuntimeException legacy = legacyException(refusal);
                    // The validator's own types, so the API answers this as it answers the
                    // validator.
                    throw ApplicationFailure.newNonRetryableFailure(
                        legacy.getMessage(), legacy.getClass().getName());
                  });
          apply(new Arrival.External(payment));
          return status();
        });
  }

  @Override
  public void validateReserveForPayAll(PayAll.Reservation reservation) {
    if (run != null) {
      ChargeRules.reservation(run, reservation).ifPresent(InvoicePaymentWorkflowImpl::refuseLegacy);
    }
  }

  @Override
  public long reserveForPayAll(PayAll.Reservation reservation) {
    Workflow.await(() -> run != null);
    return withTurn(
        () -> {
          ChargeRules.reservation(run, reservation)
              .ifPresent(
                  refusal -> {
                    throw ApplicationFailure.newNonRetryableFailure(
                        refusal.message(), "ReservationRefused");
                  });
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
      case PROCESSING -> pollProcessingPayment();
      case REQUIRES_ACTION -> giveUpWaitingForAuthentication();
      default -> schedule(null, null);
    }
  }

  private boolean somethingArrived() {
    return run.hasArrivals() && !turn.isHeld();
  }

  // ---- charging ---------------------------------------------------------------------------------

  /** One attempt: the row with its key first, then Stripe, then the outcome in the ledger. */
  private AttemptView charge(PaymentSource source, long amount, String paymentMethodId) {
    run.enter(InvoiceState.CHARGING);
    schedule(null, null);
    amount = withProcessingFee(amount);
    int number = run.nextAttemptNumber();
    String key = IdempotencyKeys.chargeAttempt(input.invoiceKey(), number);
    ChargeRequest request =
        ledger.beginAttempt(
            new AttemptStart(key, input.invoiceId(), number, amount, source, paymentMethodId));
    ChargeResult result =
        request.paymentMethodId() == null
            ? ChargeResult.declined(
                null, "payment_method_missing", null, "The customer has no payment method.")
            : chargeOrRecordRefusal(request);
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      // The answer was lost, not the charge: ask Stripe what it did. Charging again under a new
      // key here is how a customer gets charged twice.
      log.warn(
          "invoice {} attempt {}: outcome unknown ({}); resolving with Stripe",
          input.invoiceNumber(),
          number,
          result.message());
      result = charges.resolve(request, result.paymentIntentId());
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
    InvoiceBalance balance = ledger.recordOutcome(key, result);
    run.addAttempt(attempt); // after the row, so whoever sees it here finds it in MySQL too
    count(result.outcome());
    log.info(
        "invoice {} attempt {} ended {} ({})",
        input.invoiceNumber(),
        number,
        result.outcome(),
        result.status());
    switch (result.outcome()) {
      case SUCCEEDED -> paid(balance);
      case DECLINED -> declined(attempt, result, source == PaymentSource.AUTO);
      case PENDING -> waitFor(attempt, result);
      case UNKNOWN -> {
        // Resolution found nothing decisive: keep the invoice open; reconciliation asks again.
        run.enter(InvoiceState.OPEN);
        show();
      }
    }
    return attempt;
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
   * Charges; a failure no retry can fix (bad key, a request Stripe refuses) becomes the attempt's
   * recorded result, so the invoice stays open for someone to fix and retry instead of the run
   * failing with its attempt left pending.
   */
  private ChargeResult chargeOrRecordRefusal(ChargeRequest request) {
    try {
      return charges.charge(request);
    } catch (ActivityFailure failure) {
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
    run.settleAttempt(attempt, expired);
    ledger.recordOutcome(attempt.idempotencyKey(), expired);
    run.waitOn(null);
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

  /** The waiting attempt's final word, from a webhook or a poll. */
  private void settle(AttemptView attempt, ChargeResult result) {
    run.settleAttempt(attempt, result);
    run.waitOn(null);
    count(result.outcome());
    InvoiceBalance balance = ledger.recordOutcome(attempt.idempotencyKey(), result);
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
    if (run.state().isTerminal() || !run.recordReference(payment.reference())) {
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

  /** The refusal as the validators have always thrown it (the API maps the class). */
  private static void refuseLegacy(Refusal refusal) {
    throw legacyException(refusal);
  }

  private static RuntimeException legacyException(Refusal refusal) {
    return refusal.kind() == Refusal.Kind.AMOUNT
        ? new IllegalArgumentException(refusal.message())
        : new IllegalStateException(refusal.message());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
