package io.settle.workflows.invoice;

/**
 * What Stripe said about one of the invoice's PaymentIntents, as the webhook inbox (or a poll)
 * signals it. Duplicates and stale updates are expected: the workflow ignores an event id it has
 * seen, an update for a PaymentIntent it is not waiting on, and anything that would move a paid
 * invoice backwards.
 *
 * @param eventId Stripe's event id ({@code evt_…}), the deduplication key
 * @param amountReceived in integer minor units, for SUCCEEDED
 */
public record PaymentUpdate(
    String eventId,
    String paymentIntentId,
    Kind kind,
    long amountReceived,
    String errorCode,
    String declineCode,
    String message) {

  /** The PaymentIntent events Settle acts on. */
  public enum Kind {
    SUCCEEDED,
    FAILED,
    PROCESSING,
    CANCELED,
    REQUIRES_ACTION
  }
}
