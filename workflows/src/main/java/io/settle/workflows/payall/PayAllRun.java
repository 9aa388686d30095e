package io.settle.workflows.payall;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.invoice.PaymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one pay-all run knows, in one plain object: the reserved shares, the one payment at
 * Stripe and where it stands, what Stripe said (webhooks not yet applied, events already seen), and
 * the problem the run waits on, if any. The rules that need no Temporal live here too: which
 * webhook concerns this payment, and when to ask Stripe next.
 */
final class PayAllRun {

  static final Duration FIRST_POLL = Duration.ofHours(6);
  static final Duration LONGEST_POLL = Duration.ofDays(2);

  PayAllView.Stage stage = PayAllView.Stage.STARTING;
  final List<PayAllView.Share> shares = new ArrayList<>();
  BatchPayment.Request request;
  String paymentIntentId;
  String clientSecret;
  String checkoutSessionId;
  String checkoutUrl;
  Instant payBy;
  Instant nextPollAt;
  Duration pollDelay = FIRST_POLL;
  String errorCode;
  String refusal;
  InvoiceProblem problem;

  /**
   * Someone else collects the invoices now (an agent's charge or void on a payment link's invoice):
   * the customer's page is closed at Stripe first, and the invoices released unless it was paid.
   */
  String withdrawnFor;

  /** Webhook updates for this batch, in arrival order, applied by the loop between steps. */
  final List<PaymentUpdate> inbox = new ArrayList<>();

  private final Set<String> seenEvents = new LinkedHashSet<>();

  long amount() {
    return shares.stream().mapToLong(PayAllView.Share::amount).sum();
  }

  List<Long> invoiceIds() {
    return shares.stream().map(PayAllView.Share::invoiceId).toList();
  }

  /** A webhook this run acts on: not seen before, and about its payment (or the first one). */
  boolean concerns(PaymentUpdate update) {
    if (!seenEvents.add(update.eventId())) {
      return false;
    }
    return paymentIntentId == null || paymentIntentId.equals(update.paymentIntentId());
  }

  /**
   * The payment is processing: ask Stripe after 6 h, then twice as long each time, up to 2 days.
   */
  void processing(Instant now) {
    if (stage != PayAllView.Stage.PROCESSING) {
      stage = PayAllView.Stage.PROCESSING;
      pollDelay = FIRST_POLL;
    } else {
      Duration doubled = pollDelay.multipliedBy(2);
      pollDelay = doubled.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : doubled;
    }
    nextPollAt = now.plus(pollDelay);
  }

  /** The result's PaymentIntent becomes the payment's, when it names one. */
  void paymentIs(ChargeResult result) {
    if (result.paymentIntentId() != null) {
      paymentIntentId = result.paymentIntentId();
    }
  }

  /** When the loop acts next on its own: a poll while processing, else the customer's deadline. */
  Instant wakeAt() {
    return stage == PayAllView.Stage.PROCESSING ? nextPollAt : payBy;
  }

  boolean declined(ChargeResult result) {
    return result.outcome() == PaymentOutcome.DECLINED;
  }

  void failedWith(String code, String message) {
    errorCode = code;
    refusal = message;
  }

  void problem(InvoiceProblem.Kind kind, String failure, String message, Instant now) {
    problem =
        problem == null || problem.kind() != kind
            ? new InvoiceProblem(kind, failure, message, now, 1)
            : new InvoiceProblem(kind, failure, message, problem.since(), problem.tries() + 1);
  }

  PayAllView view(PayAllInput input) {
    return new PayAllView(
        input == null ? null : input.batchId(),
        input == null ? 0 : input.merchantId(),
        input == null ? 0 : input.customerId(),
        stage,
        shares,
        amount(),
        input == null ? null : input.currency(),
        paymentIntentId,
        stage.isFinal() ? null : clientSecret,
        stage.isFinal() ? null : checkoutUrl,
        payBy,
        errorCode,
        refusal,
        problem,
        input == null ? null : input.source());
  }
}
