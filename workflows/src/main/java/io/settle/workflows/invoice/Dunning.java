package io.settle.workflows.invoice;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.HardDeclines;
import java.time.Instant;

/**
 * What a decline leads to. An automatic charge moves dunning on: the next retry on the merchant's
 * schedule (counted from the decline), or, after the last one or a hard decline, the exhaustion
 * policy. A person's failed try only tells; the plan it interrupted stays as it was.
 */
public final class Dunning {

  private Dunning() {}

  /** The next step after a decline. */
  public sealed interface Step {}

  /** Try again at {@code at}; {@code retry} counts from 1. */
  public record Retry(int retry, Instant at) implements Step {}

  /** No more automatic tries: {@code hard} when the decline itself rules them out. */
  public record Exhausted(boolean hard, InvoiceState then) implements Step {}

  /** A person's try was declined: they decide what next. */
  public record LeftToPerson(InvoiceState then) implements Step {}

  /**
   * @param retriesUsed how many retries the schedule has spent before this decline
   * @param amountPaid what the invoice has been paid so far (partly paid stays partly paid)
   */
  public static Step afterDecline(
      CollectionPolicy policy,
      int retriesUsed,
      long amountPaid,
      ChargeResult result,
      boolean automatic,
      Instant now) {
    InvoiceState open = amountPaid > 0 ? InvoiceState.PARTIALLY_PAID : InvoiceState.OPEN;
    if (!automatic) {
      return new LeftToPerson(open);
    }
    boolean hard = HardDeclines.isHard(result);
    if (!hard && retriesUsed < policy.retryDelays().size()) {
      return new Retry(retriesUsed + 1, now.plus(policy.retryDelays().get(retriesUsed)));
    }
    return new Exhausted(
        hard,
        policy.onExhaustion() == CollectionPolicy.ExhaustionPolicy.MARK_UNCOLLECTIBLE
            ? InvoiceState.UNCOLLECTIBLE
            : open);
  }

  /** What the customer is told was the reason: the decline code, else the error code. */
  public static String reason(ChargeResult result) {
    return result.declineCode() != null ? result.declineCode() : result.errorCode();
  }
}
