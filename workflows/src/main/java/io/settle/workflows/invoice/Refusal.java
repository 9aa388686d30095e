package io.settle.workflows.invoice;

/**
 * Why the invoice's run turns a request down. The kind is what callers map to an answer (the API:
 * CLOSED and BUSY are conflicts, AMOUNT is unprocessable, UNAVAILABLE is a service unavailable);
 * the message is for people.
 */
public record Refusal(Kind kind, String message) {

  /** The one failure type a refused update fails with; its details hold the {@link Kind}. */
  public static final String FAILURE_TYPE = "Refused";

  public enum Kind {
    /** Paid, void or uncollectible: nothing more is collected. */
    CLOSED,
    /** A payment is under way, waiting on the customer, or the invoice is reserved. */
    BUSY,
    /** The amount is out of range for what is owed (or collectible now). */
    AMOUNT,
    /** Something the charge needs is failing (see the run's problem); try again later. */
    UNAVAILABLE
  }
}
