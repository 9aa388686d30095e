package io.settle.workflows.invoice;

import io.settle.workflows.WorkflowIds;
import java.util.Optional;

/**
 * Which requests an invoice's run turns down, decided from its state alone: one charge in flight
 * per invoice, never more than is owed, and nothing on a closed invoice. The update validators and
 * the handlers ask the same questions here, before and after waiting for their turn.
 */
public final class ChargeRules {

  private ChargeRules() {}

  /** An agent's or the portal's charge-now. */
  public static Optional<Refusal> chargeNow(InvoiceRun run, ChargeNow request) {
    if (run.state().isTerminal()) {
      return closed("The invoice is " + run.state() + "; there is nothing to charge.");
    }
    if (run.payAllHold() != null) {
      return busy(
          "The invoice is reserved for the pay-all payment "
              + run.payAllHold().reservation().batchId()
              + ".");
    }
    if (run.waitingAttempt() != null) {
      return busy(
          "A payment for this invoice is "
              + (run.state() == InvoiceState.REQUIRES_ACTION
                  ? "waiting for the customer to authenticate"
                  : "processing")
              + "; a second charge is refused until it ends.");
    }
    long due = run.amountDue();
    if (due == 0) {
      return closed("Nothing is owed on this invoice.");
    }
    if (request.amount() != null && (request.amount() <= 0 || request.amount() > due)) {
      return amount("The amount must be between 1 and " + due + " (what is owed), in minor units.");
    }
    return Optional.empty();
  }

  /**
   * The validator's question, asked before any waiting: as {@link #chargeNow}, except that a
   * payment link's hold is no refusal yet. The customer may have left the page long ago, so the
   * charge first withdraws the link (its page expired at Stripe) and is judged again once the link
   * has released the invoice, or settled it because the customer paid first.
   */
  public static Optional<Refusal> chargeNowUnlessLinkWithdrawn(InvoiceRun run, ChargeNow request) {
    if (!run.state().isTerminal() && linkHolds(run)) {
      return Optional.empty();
    }
    return chargeNow(run, request);
  }

  /** Whether the invoice is held by its payment link, which an agent's action may withdraw. */
  public static boolean linkHolds(InvoiceRun run) {
    return run.payAllHold() != null
        && WorkflowIds.isPaymentLinkBatch(run.payAllHold().reservation().batchId());
  }

  /**
   * Money from outside Stripe. A reference already recorded is answered as it stands, never
   * refused; nor is an amount above what is owed: money that came is never turned away, and what
   * the invoice does not owe (counting a payment in flight when it lands) becomes the customer's
   * credit. Only a pay-all's hold makes it wait: the batch has reserved the invoice's share.
   */
  public static Optional<Refusal> externalPayment(InvoiceRun run, ExternalPayment payment) {
    if (run.hasRecorded(payment.reference())) {
      return Optional.empty();
    }
    if (run.state().isTerminal()) {
      return closed("The invoice is " + run.state() + "; no more payments are recorded on it.");
    }
    if (payment.amount() <= 0) {
      return amount("The amount must be at least 1, in minor units.");
    }
    if (run.payAllHold() != null) {
      return busy(
          "A payment for this invoice is under way (pay-all "
              + run.payAllHold().reservation().batchId()
              + "); record this one once it ends.");
    }
    return Optional.empty();
  }

  /**
   * Credit pays an open invoice that owes something and has no payment in flight; what is in flight
   * might pay it meanwhile.
   */
  public static Optional<Refusal> credit(InvoiceRun run) {
    if (run.state().isTerminal()) {
      return closed("The invoice is " + run.state() + "; there is nothing to pay.");
    }
    if (run.payAllHold() != null || run.waitingAttempt() != null) {
      return busy("A payment for this invoice is under way; credit waits until it ends.");
    }
    if (run.amountDue() == 0) {
      return closed("Nothing is owed on this invoice.");
    }
    return Optional.empty();
  }

  /** A pay-all reservation; the same batch asking again is answered with its share. */
  public static Optional<Refusal> reservation(InvoiceRun run, PayAll.Reservation reservation) {
    if (run.state().isTerminal()) {
      return closed("The invoice is " + run.state() + "; there is nothing to pay.");
    }
    InvoiceRun.PayAllHold hold = run.payAllHold();
    if (hold != null) {
      if (hold.reservation().batchId().equals(reservation.batchId())) {
        return Optional.empty();
      }
      return busy(
          "The invoice is already reserved for the pay-all payment "
              + hold.reservation().batchId()
              + ".");
    }
    if (run.waitingAttempt() != null) {
      return busy("A payment for this invoice is already under way.");
    }
    if (reservation.amount() <= 0 || reservation.amount() > run.amountDue()) {
      return amount(
          "The amount must be between 1 and "
              + run.amountDue()
              + " (what is owed), in minor units.");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> closed(String message) {
    return Optional.of(new Refusal(Refusal.Kind.CLOSED, message));
  }

  private static Optional<Refusal> busy(String message) {
    return Optional.of(new Refusal(Refusal.Kind.BUSY, message));
  }

  private static Optional<Refusal> amount(String message) {
    return Optional.of(new Refusal(Refusal.Kind.AMOUNT, message));
  }
}
