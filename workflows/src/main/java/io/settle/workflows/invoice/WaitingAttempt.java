package io.settle.workflows.invoice;

import static io.settle.workflows.invoice.InvoiceActivities.now;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.InvoiceBalance;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The attempt waiting on Stripe or the customer (processing, or 3-D Secure), to its final word:
 * from a webhook, from a poll when the webhook does not come, or the end of the wait for
 * authentication. Workflow code, used only from the invoice's workflow thread.
 */
final class WaitingAttempt {

  private static final Logger log = Workflow.getLogger(WaitingAttempt.class);

  /** The attempt row moves from REQUIRES_ACTION to PROCESSING with its invoice. */
  private static final String ATTEMPT_ROW_FOLLOWS = "attempt-row-follows-authentication";

  private final InvoicePaymentInput input;
  private final CollectionPolicy policy;
  private final InvoiceRun run;
  private final InvoiceActivities activities;

  WaitingAttempt(
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
   * Stripe's word on a PaymentIntent. Late (the attempt already ended, e.g. canceled after
   * succeeded), repeated or not ours: it never moves a settled attempt, or a paid invoice, back.
   */
  void apply(PaymentUpdate update) {
    AttemptView attempt = run.waitingAttempt();
    if (!run.remember(update.eventId())
        || attempt == null
        || !update.paymentIntentId().equals(attempt.paymentIntentId())) {
      log.info("invoice {}: {} changes nothing", input.invoiceNumber(), update.eventId());
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
          if (Workflow.getVersion(ATTEMPT_ROW_FOLLOWS, Workflow.DEFAULT_VERSION, 1) >= 1) {
            activities.ledger.recordOutcome(
                attempt.idempotencyKey(),
                new ChargeResult(
                    PaymentOutcome.PENDING,
                    update.paymentIntentId(),
                    "processing",
                    0,
                    null,
                    null,
                    null));
          }
          run.startPolling(policy, now());
          activities.show();
        }
      }
      case REQUIRES_ACTION -> {} // already waiting for the customer, or processing past it
    }
  }

  /** Asks Stripe about the processing payment whose webhook has not come. */
  void poll() {
    ChargeResult result =
        activities.charges.retrieve(input.merchantId(), run.waitingAttempt().paymentIntentId());
    if (result.outcome() == PaymentOutcome.PENDING || result.outcome() == PaymentOutcome.UNKNOWN) {
      run.stillProcessing(policy, now());
      return;
    }
    settle(run.waitingAttempt(), result);
  }

  /** The customer did not authenticate in time: no automatic retry would get past it. */
  void giveUpOnAuthentication() {
    AttemptView attempt = run.waitingAttempt();
    ChargeResult expired =
        ChargeResult.declined(
            attempt.paymentIntentId(),
            "authentication_expired",
            null,
            "The customer did not complete authentication in time.");
    activities.ledger.recordOutcome(attempt.idempotencyKey(), expired);
    activities.solved();
    activities.apply(run.authenticationExpired(attempt, expired));
  }

  /**
   * The waiting attempt's final word, from a webhook or a poll. When the ledger refuses to record
   * it, the attempt stays waiting and Stripe is asked again later, so the word is not lost.
   */
  private void settle(AttemptView attempt, ChargeResult result) {
    InvoiceBalance balance;
    try {
      balance = activities.ledger.recordOutcome(attempt.idempotencyKey(), result);
    } catch (ActivityFailure failure) {
      activities.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, failure);
      run.startPolling(policy, now());
      run.plan(run.nextAction(), now().plus(run.problem().retryDelay()));
      activities.show();
      return;
    }
    run.settleAttempt(attempt, result);
    run.waitOn(null);
    activities.solved();
    switch (result.outcome()) {
      case SUCCEEDED -> activities.apply(run.paid(balance));
      case DECLINED -> activities.apply(run.declined(attempt, result, true, policy, now()));
      case PENDING, UNKNOWN -> {}
    }
  }
}
