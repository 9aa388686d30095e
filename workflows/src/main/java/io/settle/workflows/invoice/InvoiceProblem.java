package io.settle.workflows.invoice;

import java.time.Duration;
import java.time.Instant;

/**
 * What keeps an invoice's run from going on by itself: shown in the status query and searchable in
 * the Temporal UI ({@code SettleProblem = "MERCHANT_STRIPE_ACCESS"}). The run keeps trying on a
 * backoff and goes on by itself once the cause is fixed; nothing is charged twice meanwhile.
 *
 * @param failure the failure type that caused it (Stripe's or the ledger's), for operators
 * @param since when it first happened
 * @param tries how many times in a row it happened; the next try waits longer each time
 */
public record InvoiceProblem(Kind kind, String failure, String message, Instant since, int tries) {

  private static final Duration FIRST_RETRY = Duration.ofHours(1);
  private static final Duration LONGEST_RETRY = Duration.ofDays(1);

  public enum Kind {
    /**
     * Stripe refused the merchant's key or its permissions: collection waits for the merchant, and
     * the customer's dunning schedule is not spent meanwhile.
     */
    MERCHANT_STRIPE_ACCESS,
    /** Stripe has not said, for a long time, what became of a charge; a person should look. */
    OUTCOME_UNKNOWN,
    /** An activity failed in a way no retry fixes (a ledger refusal, say). */
    ACTIVITY_FAILED
  }

  /** The same problem again, or a new one. */
  InvoiceProblem again(Kind kind, String failure, String message, Instant now) {
    return kind == this.kind
        ? new InvoiceProblem(kind, failure, message, since, tries + 1)
        : new InvoiceProblem(kind, failure, message, now, 1);
  }

  static InvoiceProblem first(Kind kind, String failure, String message, Instant now) {
    return new InvoiceProblem(kind, failure, message, now, 1);
  }

  /** How long to wait before trying again: an hour, doubling, at most a day. */
  public Duration retryDelay() {
    Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(tries - 1, 10));
    return delay.compareTo(LONGEST_RETRY) <= 0 ? delay : LONGEST_RETRY;
  }
}
