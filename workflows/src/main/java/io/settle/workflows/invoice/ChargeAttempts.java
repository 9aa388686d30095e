package io.settle.workflows.invoice;

import static io.settle.workflows.invoice.InvoiceActivities.failureType;
import static io.settle.workflows.invoice.InvoiceActivities.message;
import static io.settle.workflows.invoice.InvoiceActivities.now;

import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;

/**
 * One charge attempt, top to bottom, as the invoice's run makes it: the processing fee once, the
 * attempt row with its key, Stripe under that key, a lookup when the answer was lost, the outcome
 * in the ledger, then {@link InvoiceRun}'s decision. Also the later lookups of an attempt whose
 * outcome is still unknown. Workflow code, used only from the invoice's workflow thread.
 */
final class ChargeAttempts {

  private static final Logger log = Workflow.getLogger(ChargeAttempts.class);

  /** An outcome still unknown after the lookup keeps the invoice blocked and is asked again. */
  private static final String UNKNOWN_BLOCKS_CHANGE = "unknown-outcome-blocks";

  /** A merchant's key or permission failure pauses collection instead of counting as a decline. */
  private static final String MERCHANT_PAUSE_CHANGE = "merchant-failure-pauses";

  /** How soon a charge whose outcome is unknown is asked about again, and how rarely at most. */
  static final Duration UNKNOWN_FIRST_LOOKUP = Duration.ofMinutes(5);

  static final Duration UNKNOWN_LONGEST_LOOKUP = Duration.ofHours(6);

  /** After this long unknown, a person is asked to look (the lookups go on). */
  static final Duration UNKNOWN_PERSON_AFTER = Duration.ofDays(1);

  private final InvoicePaymentInput input;
  private final CollectionPolicy policy;
  private final InvoiceRun run;
  private final InvoiceActivities activities;

  ChargeAttempts(
      InvoicePaymentInput input,
      CollectionPolicy policy,
      InvoiceRun run,
      InvoiceActivities activities) {
    this.input = input;
    this.policy = policy;
    this.run = run;
    this.activities = activities;
  }

  /**
   * Charges {@code amount} (the fee added first, once). Answers the attempt, or null when it could
   * not begin (the run's problem says why; nothing reached Stripe).
   */
  AttemptView charge(PaymentSource source, long amount, String paymentMethodId) {
    boolean automatic = source == PaymentSource.AUTO;
    InvoiceState before = run.state();
    String plannedAction = run.nextAction();
    Instant plannedAt = run.nextActionAt();
    run.enter(InvoiceState.CHARGING);
    run.plan(null, null);
    ChargeRequest request;
    try {
      amount = withProcessingFee(amount);
      int number = run.nextAttemptNumber();
      request =
          activities.ledger.beginAttempt(
              new AttemptStart(
                  IdempotencyKeys.chargeAttempt(input.invoiceKey(), number),
                  input.invoiceId(),
                  number,
                  amount,
                  source,
                  paymentMethodId));
    } catch (ActivityFailure failure) {
      activities.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      activities.apply(run.pause(automatic, before, plannedAction, plannedAt, now()));
      return null;
    }
    ChargeResult result;
    if (request.paymentMethodId() == null) {
      result =
          ChargeResult.declined(
              null, "payment_method_missing", null, "The customer has no payment method.");
    } else {
      try {
        result = activities.charges.charge(request);
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
          request.attemptNumber(),
          result.message());
      result = resolve(request, result);
    }
    return recorded(request, result, automatic);
  }

  /** The outcome into the ledger, then the run decides what follows. */
  private AttemptView recorded(ChargeRequest request, ChargeResult result, boolean automatic) {
    AttemptView attempt =
        new AttemptView(
            request.attemptNumber(),
            request.idempotencyKey(),
            request.amount(),
            result.outcome(),
            result.paymentIntentId(),
            result.errorCode(),
            result.declineCode());
    InvoiceBalance balance;
    try {
      balance = activities.ledger.recordOutcome(request.idempotencyKey(), result);
    } catch (ActivityFailure failure) {
      // Stripe may have taken the money and the ledger refused to say so: the attempt stays
      // open and is asked about again, never charged again under a new key.
      AttemptView unknown = unknown(attempt);
      run.addAttempt(unknown);
      activities.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      activities.apply(
          run.blockOnUnknown(unknown, request, automatic, run.problem().retryDelay(), now()));
      return unknown;
    }
    run.addAttempt(attempt); // after the row, so whoever sees it here finds it in MySQL too
    activities.solved();
    log.info(
        "invoice {} attempt {} ended {} ({})",
        input.invoiceNumber(),
        attempt.number(),
        result.outcome(),
        result.status());
    switch (result.outcome()) {
      case SUCCEEDED -> activities.apply(run.paid(balance));
      case DECLINED -> activities.apply(run.declined(attempt, result, automatic, policy, now()));
      case PENDING -> activities.apply(run.waitFor(attempt, result, policy, now()));
      case UNKNOWN -> {
        if (Workflow.getVersion(UNKNOWN_BLOCKS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
          activities.apply(
              run.blockOnUnknown(attempt, request, automatic, UNKNOWN_FIRST_LOOKUP, now()));
        } else {
          run.enter(InvoiceState.OPEN); // runs started before this rule: left OPEN, as then
          activities.show();
        }
      }
    }
    return attempt;
  }

  /** Asks Stripe what became of the charge under this key; a refused lookup decides nothing. */
  private ChargeResult resolve(ChargeRequest request, ChargeResult unknown) {
    try {
      return activities.charges.resolve(request, unknown.paymentIntentId());
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
   * Asks Stripe again about the waiting attempt whose outcome is unknown: still unknown waits
   * longer (and after a day asks a person to look too); an answer is recorded and decided on.
   */
  void askAboutUnknownOutcome() {
    AttemptView attempt = run.waitingAttempt();
    InvoiceRun.UnresolvedCharge unresolved = run.unresolved();
    ChargeResult result =
        resolve(
            unresolved.request(),
            new ChargeResult(
                PaymentOutcome.UNKNOWN, attempt.paymentIntentId(), null, 0, null, null, null));
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      run.stillUnknown(UNKNOWN_LONGEST_LOOKUP, now());
      boolean overdue = !now().isBefore(unresolved.since().plus(UNKNOWN_PERSON_AFTER));
      if (overdue
          && (run.problem() == null
              || run.problem().kind() != InvoiceProblem.Kind.OUTCOME_UNKNOWN)) {
        activities.problem(
            InvoiceProblem.Kind.OUTCOME_UNKNOWN,
            "OutcomeUnknown",
            "Stripe has not said what became of "
                + attempt.idempotencyKey()
                + " since "
                + unresolved.since()
                + "; it is asked again, never charged again under a new key.");
      }
      return;
    }
    InvoiceBalance balance = activities.ledger.recordOutcome(attempt.idempotencyKey(), result);
    AttemptView settled = run.settleAttempt(attempt, result);
    run.unresolved(null);
    activities.solved();
    switch (result.outcome()) {
      case SUCCEEDED -> {
        run.waitOn(null);
        activities.apply(run.paid(balance));
      }
      case DECLINED ->
          activities.apply(run.declined(settled, result, unresolved.automatic(), policy, now()));
      case PENDING -> activities.apply(run.waitFor(settled, result, policy, now()));
      case UNKNOWN -> throw new IllegalStateException("decided above");
    }
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
    activities.ledger.recordOutcome(request.idempotencyKey(), refused);
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
    activities.problem(InvoiceProblem.Kind.MERCHANT_STRIPE_ACCESS, failure);
    activities.apply(run.pause(automatic, before, plannedAction, plannedAt, now()));
    activities.notifications.notify(
        new Notification(
            IdempotencyKeys.merchantStripeAccessNotice(
                input.merchantId(), now().atZone(ZoneOffset.UTC).toLocalDate()),
            input.invoiceId(),
            NotificationKind.MERCHANT_STRIPE_ACCESS,
            request.amount(),
            null,
            null,
            refused.errorCode()));
    return attempt;
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
    String code =
        stripe == null || stripe.code() == null
            ? ChargeFailures.stripeErrorType(refused.getType())
            : stripe.code();
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

  /** Adds the merchant's processing fee before the first payment through Stripe, once. */
  long withProcessingFee(long amount) {
    if (run.processingFeeAdded() || policy.processingFeeBasisPoints() <= 0) {
      return amount;
    }
    long fee = ProcessingFee.of(run.amountDue(), policy.processingFeeBasisPoints());
    boolean wholeAmount = amount == run.total() - run.amountPaid();
    run.balance(activities.ledger.addProcessingFee(input.invoiceId(), fee));
    run.feeAdded();
    log.info("invoice {}: processing fee {} added", input.invoiceNumber(), fee);
    // A charge for all that is owed now includes the fee; a partial charge stays as asked.
    return wholeAmount ? run.amountDue() : amount;
  }

  private static AttemptView unknown(AttemptView attempt) {
    return new AttemptView(
        attempt.number(),
        attempt.idempotencyKey(),
        attempt.amount(),
        PaymentOutcome.UNKNOWN,
        attempt.paymentIntentId(),
        null,
        null);
  }
}
