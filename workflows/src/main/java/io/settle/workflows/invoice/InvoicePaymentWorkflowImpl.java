package io.settle.workflows.invoice;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.HardDeclines;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The invoice's payment lifecycle. The code is the state machine: one loop that applies what
 * arrived (webhook updates, external payments, changes, a void) and otherwise sleeps until the next
 * thing it must do on its own (the due date, a dunning retry, a poll of a processing payment, the
 * end of the wait for authentication). Charges never overlap: an agent's charge-now and the loop's
 * own charges take turns, and nothing else is applied while one is in flight.
 */
public class InvoicePaymentWorkflowImpl implements InvoicePaymentWorkflow {

  private static final Logger log = Workflow.getLogger(InvoicePaymentWorkflowImpl.class);

  /** How many webhook event ids are remembered for deduplication (Stripe retries for 3 days). */
  private static final int REMEMBERED_EVENTS = 500;

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

  private InvoicePaymentInput input;
  private PaymentPolicy policy;
  private InvoiceState state = InvoiceState.OPEN;
  private long total;
  private long amountPaid;
  private LocalDate dueDate;
  private final List<AttemptView> attempts = new ArrayList<>();
  private int retriesUsed;
  private boolean processingFeeAdded;
  private final Set<String> seenEventIds = new LinkedHashSet<>();
  private final Set<String> externalReferences = new LinkedHashSet<>();

  /** What arrived and waits to be applied by the loop, in arrival order. */
  private final Deque<Object> inbox = new ArrayDeque<>();

  private boolean chargeInFlight;

  /** The attempt waiting on Stripe or the customer (PROCESSING, REQUIRES_ACTION), if any. */
  private AttemptView waitingAttempt;

  /** When the loop acts on its own next, and what it will do; null when it only waits. */
  private Instant nextActionAt;

  private String nextAction;
  private Duration nextPollDelay;

  /** The pay-all payment this invoice is reserved for, and what it was doing before. */
  private PayAll.Reservation payAll;

  private InvoiceState beforePayAll;

  /** What arrived during the reservation and waits for it to end (voids, changes of total). */
  private final List<Object> deferred = new ArrayList<>();

  private String plannedBeforePayAll;
  private Instant plannedAtBeforePayAll;

  /** Bumped on every change of state or plan, so a waiting loop notices what an update did. */
  private int changes;

  @Override
  public InvoiceState run(InvoicePaymentInput input) {
    start(input);
    upsertSearchAttributes();
    if (input.progress() == null) {
      begin();
    }
    while (!state.isTerminal()) {
      if (Workflow.getInfo().isContinueAsNewSuggested()
          && inbox.isEmpty()
          && !chargeInFlight
          && payAll == null) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info("invoice {} continues as new", input.invoiceNumber());
        Workflow.continueAsNew(input.continuedWith(progress()));
      }
      if (!inbox.isEmpty() && !chargeInFlight) {
        apply(inbox.poll()); // never beside a charge-now under way: it would read a moving balance
        continue;
      }
      planNextAction();
      int seen = changes;
      if (nextActionAt == null) {
        Workflow.await(() -> somethingArrived() || changes != seen);
        continue;
      }
      Duration wait = Duration.between(now(), nextActionAt);
      boolean woken =
          !wait.isNegative() && Workflow.await(wait, () -> somethingArrived() || changes != seen);
      if (!woken) {
        Workflow.await(() -> !chargeInFlight);
        actOnSchedule();
      }
    }
    // An agent's charge-now that ended the invoice still owes its caller the answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
    return state;
  }

  // ---- signals, update, query -----------------------------------------------------------------

  @Override
  public void paymentUpdated(PaymentUpdate update) {
    inbox.add(update);
  }

  @Override
  public void externalPaymentReceived(ExternalPayment payment) {
    inbox.add(payment);
  }

  @Override
  public void invoiceChanged(InvoiceChange change) {
    inbox.add(change);
  }

  @Override
  public void voidInvoice(String reason) {
    inbox.add(new VoidRequest(reason == null ? "voided" : reason));
  }

  @Override
  public void validateChargeNow(ChargeNow request) {
    if (input == null) {
      return; // the run has not started yet: the handler waits for it, then judges the request
    }
    if (state.isTerminal()) {
      throw new IllegalStateException("The invoice is " + state + "; there is nothing to charge.");
    }
    if (payAll != null) {
      throw new IllegalStateException(
          "The invoice is reserved for the pay-all payment " + payAll.batchId() + ".");
    }
    if (waitingAttempt != null) {
      throw new IllegalStateException(
          "A payment for this invoice is "
              + (state == InvoiceState.REQUIRES_ACTION
                  ? "waiting for the customer to authenticate"
                  : "processing")
              + "; a second charge is refused until it ends.");
    }
    long due = amountDue();
    if (due == 0) {
      throw new IllegalStateException("Nothing is owed on this invoice.");
    }
    if (request.amount() != null && (request.amount() <= 0 || request.amount() > due)) {
      throw new IllegalArgumentException(
          "The amount must be between 1 and " + due + " (what is owed), in minor units.");
    }
  }

  @Override
  public AttemptView chargeNow(ChargeNow request) {
    // A charge already under way finishes first; then this one is judged on what it left. An
    // update that arrives with the run's first task waits for the run to have started.
    Workflow.await(() -> input != null && !chargeInFlight);
    try {
      validateChargeNow(request);
    } catch (IllegalStateException | IllegalArgumentException refused) {
      throw ApplicationFailure.newNonRetryableFailure(refused.getMessage(), "ChargeRefused");
    }
    long amount = request.amount() == null ? amountDue() : request.amount();
    PaymentSource source =
        request.source() == ChargeNow.ChargeSource.PORTAL
            ? PaymentSource.PORTAL
            : PaymentSource.AGENT;
    InvoiceState before = state;
    String plannedAction = nextAction;
    Instant plannedAt = nextActionAt;
    AttemptView attempt = charge(source, amount, request.paymentMethodId());
    boolean wasPlanned =
        before == InvoiceState.RETRY_SCHEDULED || before == InvoiceState.AWAITING_DUE_DATE;
    if (attempt.outcome() == PaymentOutcome.DECLINED && wasPlanned) {
      // A person's failed try leaves the automatic plan (dunning, the due date) where it was.
      state = before;
      schedule(plannedAction, plannedAt);
      show();
    }
    return attempt;
  }

  @Override
  public void validateRecordExternalPayment(ExternalPayment payment) {
    if (input == null || externalReferences.contains(payment.reference())) {
      return; // not started yet (the handler waits, then judges), or recorded: answered as it is
    }
    if (state.isTerminal()) {
      throw new IllegalStateException(
          "The invoice is " + state + "; no more payments are recorded on it.");
    }
    long collectible = amountDue() - inFlight();
    if (payment.amount() <= 0 || payment.amount() > collectible) {
      throw new IllegalArgumentException(
          inFlight() > 0
              ? "A payment of "
                  + inFlight()
                  + " is under way; at most "
                  + collectible
                  + " can be recorded until it ends."
              : "The amount must be between 1 and " + collectible + " (what is owed).");
    }
  }

  @Override
  public InvoicePaymentStatus recordExternalPayment(ExternalPayment payment) {
    Workflow.await(() -> input != null && !chargeInFlight);
    try {
      validateRecordExternalPayment(payment);
    } catch (IllegalStateException | IllegalArgumentException refused) {
      // The validator's own types, so the API answers this as it answers the validator.
      throw ApplicationFailure.newNonRetryableFailure(
          refused.getMessage(), refused.getClass().getName());
    }
    chargeInFlight = true; // the ledger write takes its turn like a charge
    try {
      apply(payment);
    } finally {
      chargeInFlight = false;
    }
    return status();
  }

  @Override
  public void validateReserveForPayAll(PayAll.Reservation reservation) {
    if (input == null) {
      return; // the run has not started yet: the handler waits for it, then judges the request
    }
    if (state.isTerminal()) {
      throw new IllegalStateException("The invoice is " + state + "; there is nothing to pay.");
    }
    if (payAll != null) {
      if (payAll.batchId().equals(reservation.batchId())) {
        return; // the same payment asking again (a retried activity): answered with its share
      }
      throw new IllegalStateException(
          "The invoice is already reserved for the pay-all payment " + payAll.batchId() + ".");
    }
    if (waitingAttempt != null) {
      throw new IllegalStateException("A payment for this invoice is already under way.");
    }
    if (reservation.amount() <= 0 || reservation.amount() > amountDue()) {
      throw new IllegalArgumentException(
          "The amount must be between 1 and " + amountDue() + " (what is owed), in minor units.");
    }
  }

  @Override
  public long reserveForPayAll(PayAll.Reservation reservation) {
    Workflow.await(() -> input != null && !chargeInFlight);
    try {
      validateReserveForPayAll(reservation);
    } catch (IllegalStateException | IllegalArgumentException refused) {
      throw ApplicationFailure.newNonRetryableFailure(refused.getMessage(), "ReservationRefused");
    }
    if (payAll != null) {
      return payAll.amount(); // reserved already by this payment
    }
    payAll = reservation; // held from here on, also while the fee is added
    if (Workflow.getVersion(PAY_ALL_FEE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // Paid through Stripe like any charge, so the processing fee is added first, per invoice.
      payAll =
          new PayAll.Reservation(reservation.batchId(), withProcessingFee(reservation.amount()));
    }
    long share = payAll.amount();
    beforePayAll = state;
    plannedBeforePayAll = nextAction;
    plannedAtBeforePayAll = nextActionAt;
    state = InvoiceState.PROCESSING;
    schedule("wait for the pay-all payment " + reservation.batchId(), null);
    show();
    return share;
  }

  @Override
  public void payAllSettled(PayAll.Settlement settlement) {
    inbox.add(settlement);
  }

  @Override
  public void payAllReleased(String batchId) {
    inbox.add(new PayAllRelease(batchId));
  }

  @Override
  public InvoicePaymentStatus status() {
    return new InvoicePaymentStatus(
        state, total, amountPaid, List.copyOf(attempts), nextAction, nextActionAt);
  }

  // ---- the lifecycle ----------------------------------------------------------------------------

  private void start(InvoicePaymentInput input) {
    this.input = input;
    this.policy = input.policy() == null ? PaymentPolicy.defaults() : input.policy();
    InvoiceProgress carried = input.progress();
    if (carried == null) {
      total = input.total();
      dueDate = input.dueDate();
      return;
    }
    state = carried.state();
    total = carried.total();
    amountPaid = carried.amountPaid();
    dueDate = carried.dueDate();
    attempts.addAll(carried.attempts());
    retriesUsed = carried.retriesUsed();
    processingFeeAdded = carried.processingFeeAdded();
    seenEventIds.addAll(carried.seenEventIds());
    externalReferences.addAll(carried.externalReferences());
    waitingAttempt = carried.waitingAttempt();
    nextAction = carried.nextAction();
    nextActionAt = carried.nextActionAt();
    nextPollDelay = carried.nextPollDelay();
  }

  private void begin() {
    if (total == 0) {
      log.info("invoice {} totals zero: paid without a charge", input.invoiceNumber());
      state = InvoiceState.PAID;
      show();
      return;
    }
    switch (input.autopay()) {
      case ON_CREATION -> charge(PaymentSource.AUTO, amountDue(), null);
      case ON_DUE_DATE -> {
        state = InvoiceState.AWAITING_DUE_DATE;
        show();
      }
      case OFF -> log.info("invoice {} waits for a person to collect it", input.invoiceNumber());
    }
  }

  /** Decides when the loop next acts on its own, from the state; nothing scheduled is null. */
  private void planNextAction() {
    switch (state) {
      case AWAITING_DUE_DATE -> schedule("charge on the due date", startOf(dueDate));
      case RETRY_SCHEDULED, PROCESSING, REQUIRES_ACTION -> {} // set when the state was entered
      default -> schedule(null, null);
    }
  }

  private void actOnSchedule() {
    if (payAll != null) {
      return; // dunning and the due date wait for the pay-all payment
    }
    switch (state) {
      case AWAITING_DUE_DATE, RETRY_SCHEDULED -> charge(PaymentSource.AUTO, amountDue(), null);
      case PROCESSING -> pollProcessingPayment();
      case REQUIRES_ACTION -> giveUpWaitingForAuthentication();
      default -> schedule(null, null);
    }
  }

  private boolean somethingArrived() {
    return !inbox.isEmpty() && !chargeInFlight;
  }

  // ---- charging ---------------------------------------------------------------------------------

  private AttemptView charge(PaymentSource source, long amount, String paymentMethodId) {
    chargeInFlight = true;
    try {
      state = InvoiceState.CHARGING;
      schedule(null, null);
      amount = withProcessingFee(amount);
      int number = attempts.size() + 1;
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
      attempts.add(attempt); // after the row, so whoever sees it here finds it in MySQL too
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
          state = InvoiceState.OPEN;
          show();
        }
      }
      return attempts.get(attempts.size() - 1);
    } finally {
      chargeInFlight = false;
    }
  }

  /** Adds the merchant's processing fee before the first charge through Stripe, once. */
  private long withProcessingFee(long amount) {
    if (processingFeeAdded || policy.processingFeeBasisPoints() <= 0) {
      return amount;
    }
    long fee = processingFee(amountDue(), policy.processingFeeBasisPoints());
    InvoiceBalance balance = ledger.addProcessingFee(input.invoiceId(), fee);
    processingFeeAdded = true;
    boolean wholeAmount = amount == total - amountPaid;
    total = balance.total();
    amountPaid = balance.amountPaid();
    log.info("invoice {}: processing fee {} added", input.invoiceNumber(), fee);
    // A charge for all that is owed now includes the fee; a partial charge stays as asked.
    return wholeAmount ? amountDue() : amount;
  }

  /**
   * The fee on {@code amount} at {@code basisPoints} hundredths of a percent, in minor units,
   * rounded half up (2.5% of 1,001 is 25.025, so 25; of 1,002 is 25.05, so 25... half up at the
   * minor unit: 25.5 becomes 26).
   */
  static long processingFee(long amount, int basisPoints) {
    return BigDecimal.valueOf(amount)
        .multiply(BigDecimal.valueOf(basisPoints))
        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP)
        .longValueExact();
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
    total = balance.total();
    amountPaid = balance.amountPaid();
    if (amountDue() == 0) {
      state = InvoiceState.PAID;
      schedule(null, null);
      show();
      notifyOnce(NotificationKind.PAID, "paid", amountPaid, null, null, null);
    } else if (state == InvoiceState.RETRY_SCHEDULED || state == InvoiceState.AWAITING_DUE_DATE) {
      show(); // the next automatic charge takes what is still owed
    } else {
      state = InvoiceState.PARTIALLY_PAID;
      schedule(null, null);
      show();
    }
  }

  /**
   * A decline. An automatic charge moves dunning on: the next retry on the merchant's schedule, or,
   * after the last one or a hard decline, the exhaustion policy. A person's failed try only tells.
   */
  private void declined(AttemptView attempt, ChargeResult result, boolean automatic) {
    waitingAttempt = null;
    boolean hard = HardDeclines.isHard(result);
    boolean retriesLeft = retriesUsed < policy.retryDelays().size();
    if (automatic && !hard && retriesLeft) {
      Instant retryAt = now().plus(policy.retryDelays().get(retriesUsed));
      retriesUsed++;
      state = InvoiceState.RETRY_SCHEDULED;
      schedule("retry charge " + (retriesUsed), retryAt);
      show();
      notifyOnce(
          NotificationKind.PAYMENT_FAILED,
          "failed-" + attempt.number(),
          attempt.amount(),
          retryAt,
          attempt.paymentIntentId(),
          reason(result));
      return;
    }
    schedule(null, null);
    notifyOnce(
        NotificationKind.PAYMENT_FAILED,
        "failed-" + attempt.number(),
        attempt.amount(),
        null,
        attempt.paymentIntentId(),
        reason(result));
    if (!automatic) {
      state = amountPaid > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN;
      show();
      return;
    }
    log.info(
        "invoice {}: dunning ends ({}); policy {}",
        input.invoiceNumber(),
        hard ? "hard decline " + reason(result) : "retries exhausted",
        policy.onExhaustion());
    notifyOnce(
        NotificationKind.DUNNING_EXHAUSTED,
        "exhausted",
        amountDue(),
        null,
        attempt.paymentIntentId(),
        reason(result));
    state =
        policy.onExhaustion() == PaymentPolicy.ExhaustionPolicy.MARK_UNCOLLECTIBLE
            ? InvoiceState.UNCOLLECTIBLE
            : amountPaid > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN;
    show();
  }

  /** A payment that is neither paid nor declined yet: processing, or waiting on the customer. */
  private void waitFor(AttemptView attempt, ChargeResult result) {
    waitingAttempt = attempt;
    if ("processing".equals(result.status())) {
      state = InvoiceState.PROCESSING;
      nextPollDelay = policy.processingPollStart();
      schedule("ask Stripe about the processing payment", now().plus(nextPollDelay));
      show();
      return;
    }
    state = InvoiceState.REQUIRES_ACTION;
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

  private void pollProcessingPayment() {
    ChargeResult result = charges.retrieve(input.merchantId(), waitingAttempt.paymentIntentId());
    if (result.outcome() == PaymentOutcome.PENDING || result.outcome() == PaymentOutcome.UNKNOWN) {
      nextPollDelay = min(nextPollDelay.multipliedBy(2), policy.processingPollMax());
      schedule("ask Stripe about the processing payment", now().plus(nextPollDelay));
      return;
    }
    settle(waitingAttempt, result);
  }

  private void giveUpWaitingForAuthentication() {
    AttemptView attempt = waitingAttempt;
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
    replaceAttempt(attempt, expired);
    ledger.recordOutcome(attempt.idempotencyKey(), expired);
    waitingAttempt = null;
    schedule(null, null);
    // Authentication is the customer's to give: no automatic retry would get past it.
    state = amountPaid > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN;
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
    replaceAttempt(attempt, result);
    waitingAttempt = null;
    count(result.outcome());
    InvoiceBalance balance = ledger.recordOutcome(attempt.idempotencyKey(), result);
    switch (result.outcome()) {
      case SUCCEEDED -> paid(balance);
      case DECLINED -> declined(attempt, result, true);
      case PENDING, UNKNOWN -> {}
    }
  }

  // ---- what arrives -----------------------------------------------------------------------------

  private void apply(Object arrived) {
    switch (arrived) {
      case PaymentUpdate update -> apply(update);
      case ExternalPayment payment -> apply(payment);
      case InvoiceChange change when payAll != null -> deferUntilPayAllEnds(change);
      case VoidRequest voided when payAll != null -> deferUntilPayAllEnds(voided);
      case InvoiceChange change -> apply(change);
      case VoidRequest voided -> apply(voided);
      case PayAll.Settlement settlement -> apply(settlement);
      case PayAllRelease release -> apply(release);
      default -> log.warn("invoice {}: ignored {}", input.invoiceNumber(), arrived);
    }
  }

  private void apply(PaymentUpdate update) {
    if (!remember(update.eventId())) {
      log.info("invoice {}: event {} seen before", input.invoiceNumber(), update.eventId());
      return;
    }
    AttemptView attempt = waitingAttempt;
    if (attempt == null || !update.paymentIntentId().equals(attempt.paymentIntentId())) {
      // Late (the attempt already ended, e.g. canceled after succeeded) or not ours: never moves
      // a settled attempt, and never a paid invoice, backwards.
      log.info(
          "invoice {}: {} for {} changes nothing in state {}",
          input.invoiceNumber(),
          update.kind(),
          update.paymentIntentId(),
          state);
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
        if (state == InvoiceState.REQUIRES_ACTION) {
          // Authenticated: now the money moves (an ACH debit after micro-deposits, say).
          state = InvoiceState.PROCESSING;
          nextPollDelay = policy.processingPollStart();
          schedule("ask Stripe about the processing payment", now().plus(nextPollDelay));
          show();
        }
      }
      case REQUIRES_ACTION -> {} // already waiting for the customer, or processing past it
    }
  }

  private void apply(ExternalPayment payment) {
    if (state.isTerminal() || !externalReferences.add(payment.reference())) {
      log.info(
          "invoice {}: external payment {} already recorded or invoice {}",
          input.invoiceNumber(),
          payment.reference(),
          state);
      return;
    }
    // A payment in flight still counts: accepting more than the rest would overpay when it lands.
    long collectible = amountDue() - inFlight();
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
    if (waitingAttempt == null && payAll == null) {
      paid(balance);
      return;
    }
    // A payment in flight stays in flight; only the balance moves.
    total = balance.total();
    amountPaid = balance.amountPaid();
  }

  private void apply(InvoiceChange change) {
    if (state.isTerminal()) {
      log.info("invoice {}: change ignored, invoice is {}", input.invoiceNumber(), state);
      return;
    }
    if (change.total() != null && change.total() < amountPaid + inFlight()) {
      log.warn(
          "invoice {}: new total {} refused; {} is paid or in flight",
          input.invoiceNumber(),
          change.total(),
          amountPaid + inFlight());
      return;
    }
    InvoiceBalance balance = ledger.changeInvoice(input.invoiceId(), change);
    total = balance.total();
    amountPaid = balance.amountPaid();
    if (change.dueDate() != null) {
      dueDate = change.dueDate(); // AWAITING_DUE_DATE plans its timer from this on the next turn
    }
    if (amountDue() == 0 && waitingAttempt == null && payAll == null) {
      paid(balance);
    }
  }

  private void apply(PayAll.Settlement settlement) {
    if (payAll == null || !payAll.batchId().equals(settlement.batchId())) {
      log.info(
          "invoice {}: settlement of pay-all {} changes nothing",
          input.invoiceNumber(),
          settlement.batchId());
      return;
    }
    resumeFromPayAll();
    paid(new InvoiceBalance(total, amountPaid + settlement.allocated(), null));
  }

  private void apply(PayAllRelease release) {
    if (payAll == null || !payAll.batchId().equals(release.batchId())) {
      return;
    }
    resumeFromPayAll();
    show();
  }

  /**
   * A void or a change of total that arrives while a pay-all payment holds the invoice waits for
   * it: the payment may already be taken for the reserved share, and its record must fit the
   * invoice it is allocated to. After a settlement the invoice is paid and a void comes too late;
   * after a release both apply as if just arrived.
   */
  private void deferUntilPayAllEnds(Object arrived) {
    log.info(
        "invoice {}: {} waits for the pay-all payment {}",
        input.invoiceNumber(),
        arrived.getClass().getSimpleName(),
        payAll.batchId());
    deferred.add(arrived);
  }

  /** Back to what the invoice was doing before the reservation (dunning's plan included). */
  private void resumeFromPayAll() {
    for (int i = deferred.size() - 1; i >= 0; i--) {
      inbox.addFirst(deferred.get(i));
    }
    deferred.clear();
    payAll = null;
    state = beforePayAll;
    schedule(plannedBeforePayAll, plannedAtBeforePayAll);
  }

  private void apply(VoidRequest voided) {
    if (state.isTerminal()) {
      return;
    }
    log.info("invoice {} voided: {}", input.invoiceNumber(), voided.reason());
    state = InvoiceState.VOID;
    schedule(null, null);
    show();
  }

  // ---- small things -----------------------------------------------------------------------------

  private void replaceAttempt(AttemptView attempt, ChargeResult result) {
    int index = attempts.indexOf(attempt);
    AttemptView settled =
        new AttemptView(
            attempt.number(),
            attempt.idempotencyKey(),
            attempt.amount(),
            result.outcome(),
            result.paymentIntentId() == null ? attempt.paymentIntentId() : result.paymentIntentId(),
            result.errorCode(),
            result.declineCode());
    attempts.set(index, settled);
  }

  private boolean remember(String eventId) {
    if (!seenEventIds.add(eventId)) {
      return false;
    }
    if (seenEventIds.size() > REMEMBERED_EVENTS) {
      seenEventIds.remove(seenEventIds.iterator().next());
    }
    return true;
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

  /** Shows the state on the invoice row, which is what the API reads. */
  private void show() {
    changes++;
    ledger.showState(input.invoiceId(), state);
    upsertSearchAttributes();
  }

  /** What operators search by in the Temporal UI, kept current on every change of state. */
  private void upsertSearchAttributes() {
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.of(input, state, dueDate, amountDue()));
  }

  private void count(PaymentOutcome outcome) {
    Workflow.getMetricsScope()
        .tagged(Map.of("outcome", outcome.name().toLowerCase(Locale.ROOT)))
        .counter("settle_payment_attempts")
        .inc(1);
  }

  private void schedule(String action, Instant at) {
    nextAction = action;
    nextActionAt = at;
    changes++;
  }

  private InvoiceProgress progress() {
    return new InvoiceProgress(
        state,
        total,
        amountPaid,
        dueDate,
        List.copyOf(attempts),
        retriesUsed,
        processingFeeAdded,
        List.copyOf(seenEventIds),
        List.copyOf(externalReferences),
        waitingAttempt,
        nextAction,
        nextActionAt,
        nextPollDelay);
  }

  /** What a payment still waiting on Stripe or the customer will bring if it succeeds. */
  private long inFlight() {
    return (waitingAttempt == null ? 0 : waitingAttempt.amount())
        + (payAll == null ? 0 : payAll.amount());
  }

  private long amountDue() {
    return Math.max(0, total - amountPaid);
  }

  private static String reason(ChargeResult result) {
    return result.declineCode() != null ? result.declineCode() : result.errorCode();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static Instant startOf(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The host app's void, queued like everything else that arrives. */
  private record VoidRequest(String reason) {}

  /** A pay-all payment that did not happen, queued like everything else that arrives. */
  private record PayAllRelease(String batchId) {}
}
