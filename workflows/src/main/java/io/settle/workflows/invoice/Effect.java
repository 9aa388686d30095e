package io.settle.workflows.invoice;

import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;

/**
 * What a decision of {@link InvoiceRun} asks the workflow to do, in order: the decisions stay pure
 * and testable, and the workflow carries them out through its activities.
 */
public sealed interface Effect {

  /** Show the run's state on the invoice row (what the API reads) and to the Temporal UI. */
  record Show() implements Effect {}

  /**
   * Tell people, once per {@code event} (the outbox key is the invoice key and the event).
   *
   * @param reason Stripe's decline code or error code, for failures
   */
  record Notify(
      NotificationKind kind,
      String event,
      long amount,
      Instant nextRetryAt,
      String paymentIntentId,
      String reason)
      implements Effect {}
}
