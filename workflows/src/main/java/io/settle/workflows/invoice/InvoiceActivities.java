package io.settle.workflows.invoice;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationActivities;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The activities an invoice's run calls, and how it publishes what it decided: the effects of
 * {@link InvoiceRun}'s decisions carried out in order, the state shown on the invoice row and in
 * the Temporal UI, and problems recorded where operators look. Workflow code, used only from the
 * invoice's workflow thread.
 */
final class InvoiceActivities {

  private static final Logger log = Workflow.getLogger(InvoiceActivities.class);

  // Short database writes, each idempotent by its key: local activities, so a charge's bookkeeping
  // costs a marker in the history instead of three events and a workflow task of its own.
  final LedgerActivities ledger =
      Workflow.newLocalActivityStub(
          LedgerActivities.class, ActivityRetries.local(Duration.ofSeconds(10), List.of()));

  // Retries re-send the same idempotency key, so Stripe replays instead of charging again.
  final ChargeActivities charges =
      Workflow.newActivityStub(
          ChargeActivities.class,
          ActivityRetries.options(Duration.ofSeconds(30), ChargeFailures.NON_RETRYABLE));

  final NotificationActivities notifications =
      Workflow.newActivityStub(
          NotificationActivities.class, ActivityRetries.options(Duration.ofSeconds(10), List.of()));

  private final InvoicePaymentInput input;
  private final InvoiceRun run;

  InvoiceActivities(InvoicePaymentInput input, InvoiceRun run) {
    this.input = input;
    this.run = run;
  }

  /**
   * Carries out a decision's effects: the state it shows and the notifications that report it go to
   * MySQL in one transaction (one local activity), then to the Temporal UI.
   */
  void apply(List<Effect> effects) {
    List<Notification> notices = new ArrayList<>();
    for (Effect effect : effects) {
      switch (effect) {
        case Effect.Show show -> {}
        case Effect.Notify notify ->
            notices.add(
                new Notification(
                    IdempotencyKeys.invoiceNotification(input.invoiceKey(), notify.event()),
                    input.invoiceId(),
                    notify.kind(),
                    notify.amount(),
                    notify.nextRetryAt(),
                    notify.paymentIntentId(),
                    notify.reason()));
      }
    }
    publish(notices);
  }

  /** Shows the state on the invoice row, which is what the API reads, and to the Temporal UI. */
  void show() {
    publish(List.of());
  }

  private void publish(List<Notification> notices) {
    run.shown();
    ledger.publish(input.invoiceId(), run.state(), notices);
    upsertSearchAttributes();
  }

  /**
   * What operators search by in the Temporal UI, kept current: only what changed is upserted, so a
   * run writes one event per change of state and none to repeat itself.
   */
  void upsertSearchAttributes() {
    List<SearchAttributeUpdate<?>> changes =
        InvoiceSearchAttributes.changes(
            Workflow.getTypedSearchAttributes(),
            input,
            run.state(),
            run.dueDate(),
            run.amountDue());
    if (!changes.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(changes.toArray(SearchAttributeUpdate<?>[]::new));
    }
  }

  /** Records what failed for good, shows it, and logs it; the caller decides when to try again. */
  void problem(InvoiceProblem.Kind kind, ActivityFailure failure) {
    problem(kind, failureType(failure), message(failure));
  }

  void problem(InvoiceProblem.Kind kind, String failure, String message) {
    run.problem(kind, failure, message, now());
    log.error(
        "invoice {}: {} ({}, {} in a row): {}",
        input.invoiceNumber(),
        kind,
        failure,
        run.problem().tries(),
        message);
    showProblem();
  }

  /** The problem is over (only runs that had one publish anything). */
  void solved() {
    if (run.solved()) {
      showProblem();
    }
  }

  private void showProblem() {
    run.shown();
    Workflow.upsertTypedSearchAttributes(InvoiceSearchAttributes.problem(run.problem()));
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : "ActivityFailed";
  }

  static String message(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : failure.getMessage();
  }
}
