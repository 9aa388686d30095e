package io.settle.workflows.invoice;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.notify.NotificationKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Everything one invoice's run knows, in one plain object: the money, the attempts (their numbers
 * make the idempotency keys), the dunning position, the webhook events and external payments
 * already applied, the plan (what the run does next on its own, and when), the pay-all hold, the
 * arrivals not yet applied, and the problem it waits on, if any. Continue-as-new carries it whole,
 * as JSON, so nothing is ever copied field by field; its rules are in the deciders ({@link
 * ChargeRules}, {@link Dunning}, {@link ProcessingPolls}, {@link ProcessingFee}) and its effects in
 * {@link InvoicePaymentWorkflowImpl}.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class InvoiceRun {

  /** How many webhook event ids are remembered for deduplication (Stripe retries for 3 days). */
  static final int REMEMBERED_EVENTS = 500;

  private InvoiceState state = InvoiceState.OPEN;
  private long total;
  private long amountPaid;
  private LocalDate dueDate;
  private List<AttemptView> attempts = new ArrayList<>();
  private int retriesUsed;
  private boolean processingFeeAdded;
  private LinkedHashSet<String> seenEventIds = new LinkedHashSet<>();
  private LinkedHashSet<String> externalReferences = new LinkedHashSet<>();

  /** How many payments this invoice took from its customer's credit: they number its keys. */
  private int creditApplications;

  /** The attempt waiting on Stripe or the customer (PROCESSING, REQUIRES_ACTION), if any. */
  private AttemptView waitingAttempt;

  /** What the run does next on its own, and when; both null when it only waits. */
  private String nextAction;

  private Instant nextActionAt;
  private Duration pollDelay;

  /** The pay-all payment this invoice is reserved for, and what it was doing before. */
  private PayAllHold payAllHold;

  /** What arrived and waits to be applied by the loop, in arrival order. */
  private List<Arrival> inbox = new ArrayList<>();

  /** The charge whose outcome Stripe has not told yet (the waiting attempt is UNKNOWN). */
  private UnresolvedCharge unresolved;

  /** What keeps the run from going on by itself, if anything. */
  private InvoiceProblem problem;

  /**
   * Bumped on every change of plan and every showing of the state, so a loop asleep wakes to what a
   * handler decided. Each wake cancels a timer: the recorded histories depend on exactly these.
   */
  private transient int revision;

  /**
   * A charge whose answer was lost: the request, so the lookup asks Stripe about exactly this key,
   * whether an automatic charge made it (dunning follows a decline), and since when.
   */
  public record UnresolvedCharge(ChargeRequest request, boolean automatic, Instant since) {}

  /**
   * A pay-all reservation: the payment's share, and the state, plan and arrivals (voids, changes)
   * that wait for it to end.
   */
  public record PayAllHold(
      PayAll.Reservation reservation,
      InvoiceState before,
      String plannedAction,
      Instant plannedAt,
      List<Arrival> deferred) {}

  InvoiceRun() {} // for JSON

  /** A new invoice's run. */
  public static InvoiceRun of(long total, LocalDate dueDate) {
    InvoiceRun run = new InvoiceRun();
    run.total = total;
    run.dueDate = dueDate;
    return run;
  }

  /** A run continued as new before runs carried themselves whole. */
  static InvoiceRun from(InvoiceProgress carried) {
    InvoiceRun run = of(carried.total(), carried.dueDate());
    run.state = carried.state();
    run.amountPaid = carried.amountPaid();
    run.attempts.addAll(carried.attempts());
    run.retriesUsed = carried.retriesUsed();
    run.processingFeeAdded = carried.processingFeeAdded();
    run.seenEventIds.addAll(carried.seenEventIds());
    run.externalReferences.addAll(carried.externalReferences());
    run.waitingAttempt = carried.waitingAttempt();
    run.nextAction = carried.nextAction();
    run.nextActionAt = carried.nextActionAt();
    run.pollDelay = carried.nextPollDelay();
    return run;
  }

  // ---- reading
  // -----------------------------------------------------------------------------------

  public InvoiceState state() {
    return state;
  }

  public long total() {
    return total;
  }

  public long amountPaid() {
    return amountPaid;
  }

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }

  public LocalDate dueDate() {
    return dueDate;
  }

  public List<AttemptView> attempts() {
    return List.copyOf(attempts);
  }

  public int retriesUsed() {
    return retriesUsed;
  }

  public boolean processingFeeAdded() {
    return processingFeeAdded;
  }

  public AttemptView waitingAttempt() {
    return waitingAttempt;
  }

  public PayAllHold payAllHold() {
    return payAllHold;
  }

  public String nextAction() {
    return nextAction;
  }

  public Instant nextActionAt() {
    return nextActionAt;
  }

  public Duration pollDelay() {
    return pollDelay;
  }

  /** What a payment still waiting on Stripe or the customer will bring if it succeeds. */
  public long inFlight() {
    return (waitingAttempt == null ? 0 : waitingAttempt.amount())
        + (payAllHold == null ? 0 : payAllHold.reservation().amount());
  }

  public boolean hasRecorded(String externalReference) {
    return externalReferences.contains(externalReference);
  }

  /** Whether a person's failed try should leave the automatic plan where it was. */
  public boolean hasAutomaticPlan() {
    return state == InvoiceState.RETRY_SCHEDULED || state == InvoiceState.AWAITING_DUE_DATE;
  }

  public int nextAttemptNumber() {
    return attempts.size() + 1;
  }

  public UnresolvedCharge unresolved() {
    return unresolved;
  }

  public InvoiceProblem problem() {
    return problem;
  }

  public InvoicePaymentStatus status() {
    return new InvoicePaymentStatus(
        state, total, amountPaid, List.copyOf(attempts), nextAction, nextActionAt, problem);
  }

  // ---- changing
  // ----------------------------------------------------------------------------------

  void enter(InvoiceState next) {
    state = next;
  }

  void plan(String action, Instant at) {
    nextAction = action;
    nextActionAt = at;
    revision++;
  }

  int revision() {
    return revision;
  }

  /** The state was shown (see {@link Effect.Show}). */
  void shown() {
    revision++;
  }

  void pollAfter(Duration delay) {
    pollDelay = delay;
  }

  void balance(InvoiceBalance balance) {
    total = balance.total();
    amountPaid = balance.amountPaid();
  }

  void moveDueDate(LocalDate newDueDate) {
    dueDate = newDueDate;
  }

  void feeAdded() {
    processingFeeAdded = true;
  }

  /** The number the next payment from credit takes (1, 2, …); taken only once it paid. */
  int nextCreditNumber() {
    return creditApplications + 1;
  }

  void creditTaken() {
    creditApplications++;
  }

  void useRetry() {
    retriesUsed++;
  }

  void waitOn(AttemptView attempt) {
    waitingAttempt = attempt;
  }

  void unresolved(UnresolvedCharge charge) {
    unresolved = charge;
  }

  void problem(InvoiceProblem.Kind kind, String failure, String message, Instant now) {
    problem =
        problem == null
            ? InvoiceProblem.first(kind, failure, message, now)
            : problem.again(kind, failure, message, now);
  }

  /** Clears the problem; true when there was one. */
  boolean solved() {
    boolean had = problem != null;
    problem = null;
    return had;
  }

  AttemptView addAttempt(AttemptView attempt) {
    attempts.add(attempt);
    return attempt;
  }

  /** The attempt's final word replaces what it said before (found by its number). */
  AttemptView settleAttempt(AttemptView attempt, ChargeResult result) {
    AttemptView settled =
        new AttemptView(
            attempt.number(),
            attempt.idempotencyKey(),
            attempt.amount(),
            result.outcome(),
            result.paymentIntentId() == null ? attempt.paymentIntentId() : result.paymentIntentId(),
            result.errorCode(),
            result.declineCode());
    for (int i = 0; i < attempts.size(); i++) {
      if (attempts.get(i).number() == attempt.number()) {
        attempts.set(i, settled);
      }
    }
    if (waitingAttempt != null && waitingAttempt.number() == attempt.number()) {
      waitingAttempt = settled;
    }
    return settled;
  }

  /** Remembers a webhook event; false when it was seen before. */
  boolean remember(String eventId) {
    if (!seenEventIds.add(eventId)) {
      return false;
    }
    if (seenEventIds.size() > REMEMBERED_EVENTS) {
      seenEventIds.remove(seenEventIds.iterator().next());
    }
    return true;
  }

  /** Records an external payment's reference; false when it was recorded before. */
  boolean recordReference(String reference) {
    return externalReferences.add(reference);
  }

  // ---- what arrives --------------------------------------------------------------------------

  void arrive(Arrival arrival) {
    inbox.add(arrival);
  }

  boolean hasArrivals() {
    return !inbox.isEmpty();
  }

  Arrival nextArrival() {
    return inbox.remove(0);
  }

  // ---- the pay-all hold ------------------------------------------------------------------------

  void hold(PayAll.Reservation reservation) {
    payAllHold = new PayAllHold(reservation, state, nextAction, nextActionAt, new ArrayList<>());
  }

  void reserve(PayAll.Reservation withFee) {
    payAllHold =
        new PayAllHold(
            withFee,
            payAllHold.before(),
            payAllHold.plannedAction(),
            payAllHold.plannedAt(),
            payAllHold.deferred());
  }

  void defer(Arrival arrival) {
    payAllHold.deferred().add(arrival);
  }

  /**
   * Back to what the invoice was doing before the reservation (dunning's plan included); what
   * waited for the hold goes first in line.
   */
  void releaseHold() {
    PayAllHold hold = payAllHold;
    inbox.addAll(0, hold.deferred());
    state = hold.before();
    payAllHold = null;
    plan(hold.plannedAction(), hold.plannedAt());
  }

  // ---- decisions: what arrived or happened, to the new state, plan and effects ------------------

  private static final Effect SHOW = new Effect.Show();

  /** Money arrived: paid in full, or partly, in which case an automatic plan keeps running. */
  List<Effect> paid(InvoiceBalance balance) {
    balance(balance);
    if (amountDue() == 0) {
      state = InvoiceState.PAID;
      plan(null, null);
      return List.of(
          SHOW, new Effect.Notify(NotificationKind.PAID, "paid", amountPaid, null, null, null));
    }
    if (hasAutomaticPlan()) {
      return List.of(SHOW); // the next automatic charge takes what is still owed
    }
    state = InvoiceState.PARTIALLY_PAID;
    plan(null, null);
    return List.of(SHOW);
  }

  /**
   * Paid by one payment of several invoices (pay-all, a payment link): as {@link #paid}, but the
   * batch's receipt is the customer's confirmation, so the invoice sends none of its own.
   */
  List<Effect> paidByBatch(InvoiceBalance balance) {
    return paid(balance).stream()
        .filter(
            effect ->
                !(effect instanceof Effect.Notify notify && notify.kind() == NotificationKind.PAID))
        .toList();
  }

  /** A decline: dunning decides what follows, and the customer is told. */
  List<Effect> declined(
      AttemptView attempt,
      ChargeResult result,
      boolean automatic,
      CollectionPolicy policy,
      Instant now) {
    waitingAttempt = null;
    Dunning.Step step =
        Dunning.afterDecline(policy, retriesUsed, amountPaid, result, automatic, now);
    if (step instanceof Dunning.Retry retry) {
      retriesUsed++;
      state = InvoiceState.RETRY_SCHEDULED;
      plan("retry charge " + retry.retry(), retry.at());
      return List.of(SHOW, failed(attempt, retry.at(), Dunning.reason(result)));
    }
    plan(null, null);
    Effect failed = failed(attempt, null, Dunning.reason(result));
    return switch (step) {
      case Dunning.LeftToPerson person -> {
        state = person.then();
        yield List.of(failed, SHOW);
      }
      case Dunning.Exhausted exhausted -> {
        Effect exhaustedNotice =
            new Effect.Notify(
                NotificationKind.DUNNING_EXHAUSTED,
                "exhausted",
                amountDue(),
                null,
                attempt.paymentIntentId(),
                Dunning.reason(result));
        state = exhausted.then();
        yield List.of(failed, exhaustedNotice, SHOW);
      }
      case Dunning.Retry retry -> throw new IllegalStateException("decided above");
    };
  }

  /** A payment neither paid nor declined yet: processing, or waiting on the customer. */
  List<Effect> waitFor(
      AttemptView attempt, ChargeResult result, CollectionPolicy policy, Instant now) {
    waitingAttempt = attempt;
    if ("processing".equals(result.status())) {
      startPolling(policy, now);
      // A bank debit takes days: the customer hears that it is on its way.
      return List.of(
          SHOW,
          new Effect.Notify(
              NotificationKind.PAYMENT_PROCESSING,
              "processing-" + attempt.number(),
              attempt.amount(),
              null,
              attempt.paymentIntentId(),
              null));
    }
    state = InvoiceState.REQUIRES_ACTION;
    plan(
        "give up waiting for the customer to authenticate",
        now.plus(policy.requiresActionExpiry()));
    return List.of(
        SHOW,
        new Effect.Notify(
            NotificationKind.REQUIRES_ACTION,
            "action-" + attempt.number(),
            attempt.amount(),
            null,
            attempt.paymentIntentId(),
            result.errorCode()));
  }

  /** The money moves (ACH, or after authentication): ask Stripe if no webhook says first. */
  void startPolling(CollectionPolicy policy, Instant now) {
    state = InvoiceState.PROCESSING;
    pollDelay = ProcessingPolls.first(policy);
    plan("ask Stripe about the processing payment", now.plus(pollDelay));
  }

  /** Stripe says the payment is still processing: ask again, later each time. */
  void stillProcessing(CollectionPolicy policy, Instant now) {
    pollDelay = ProcessingPolls.next(pollDelay, policy);
    plan("ask Stripe about the processing payment", now.plus(pollDelay));
  }

  /** Authentication is the customer's to give: no automatic retry would get past it. */
  List<Effect> authenticationExpired(AttemptView attempt, ChargeResult expired) {
    settleAttempt(attempt, expired);
    waitingAttempt = null;
    plan(null, null);
    state = amountPaid > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN;
    return List.of(
        SHOW,
        new Effect.Notify(
            NotificationKind.PAYMENT_FAILED,
            "failed-" + attempt.number(),
            attempt.amount(),
            null,
            attempt.paymentIntentId(),
            "authentication_expired"));
  }

  /**
   * The charge may still succeed at Stripe: the invoice stays blocked (no second key while the
   * first may still be paid) and Stripe is asked again, from {@code firstLookup} on.
   */
  List<Effect> blockOnUnknown(
      AttemptView attempt,
      ChargeRequest request,
      boolean automatic,
      Duration firstLookup,
      Instant now) {
    waitingAttempt = attempt;
    unresolved = new UnresolvedCharge(request, automatic, now);
    state = InvoiceState.PROCESSING;
    pollDelay = firstLookup;
    plan(askAbout(attempt), now.plus(firstLookup));
    return List.of(SHOW);
  }

  /** Stripe still cannot say: ask again later each time, up to {@code longest}. */
  void stillUnknown(Duration longest, Instant now) {
    Duration doubled = pollDelay.multipliedBy(2);
    pollDelay = doubled.compareTo(longest) <= 0 ? doubled : longest;
    plan(askAbout(waitingAttempt), now.plus(pollDelay));
  }

  /**
   * An attempt that could not be made or decided for a reason that is not the customer's: an
   * automatic one is tried again after the problem's backoff (dunning untouched); a person's leaves
   * the invoice as it was.
   */
  List<Effect> pause(
      boolean automatic,
      InvoiceState before,
      String plannedAction,
      Instant plannedAt,
      Instant now) {
    if (automatic) {
      state = InvoiceState.RETRY_SCHEDULED;
      plan("charge again (" + problem.kind() + ")", now.plus(problem.retryDelay()));
    } else {
      state = before;
      plan(plannedAction, plannedAt);
    }
    return List.of(SHOW);
  }

  List<Effect> voided() {
    state = InvoiceState.VOID;
    plan(null, null);
    return List.of(SHOW);
  }

  private static String askAbout(AttemptView attempt) {
    return "ask Stripe what became of attempt " + attempt.number();
  }

  private static Effect failed(AttemptView attempt, Instant nextRetryAt, String reason) {
    return new Effect.Notify(
        NotificationKind.PAYMENT_FAILED,
        "failed-" + attempt.number(),
        attempt.amount(),
        nextRetryAt,
        attempt.paymentIntentId(),
        reason);
  }
}
