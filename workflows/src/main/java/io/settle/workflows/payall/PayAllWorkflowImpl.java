package io.settle.workflows.payall;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The pay-all coordinator: reserve every invoice, make the one payment, then settle or release. A
 * customer-present payment (new details, a Checkout page, authentication) gets {@link
 * PayAllInput#customerWindow()}; when it runs out the payment is closed at Stripe first (the
 * PaymentIntent canceled, the page expired), so nothing can be paid after the invoices are
 * released.
 */
public class PayAllWorkflowImpl implements PayAllWorkflow {

  private static final Logger log = Workflow.getLogger(PayAllWorkflowImpl.class);

  static final Duration FIRST_POLL = Duration.ofHours(6);
  static final Duration LONGEST_POLL = Duration.ofDays(2);

  private final PayAllActivities activities =
      Workflow.newActivityStub(
          PayAllActivities.class,
          ActivityRetries.options(
              Duration.ofSeconds(30),
              Stream.concat(
                      ChargeFailures.NON_RETRYABLE.stream(),
                      Stream.of(PayAllActivities.RESERVATION_REFUSED))
                  .toList()));

  private final ChargeActivities charges =
      Workflow.newActivityStub(
          ChargeActivities.class, ActivityRetries.options(Duration.ofSeconds(30), List.of()));

  private PayAllInput input;
  private PayAllView.Stage stage = PayAllView.Stage.STARTING;
  private final List<PayAllView.Share> shares = new ArrayList<>();
  private BatchPayment.Request request;
  private String paymentIntentId;
  private String clientSecret;
  private String checkoutSessionId;
  private String checkoutUrl;
  private Instant payBy;
  private Instant nextPollAt;
  private Duration pollDelay = FIRST_POLL;
  private String errorCode;
  private String refusal;
  private final Deque<BatchUpdate> inbox = new ArrayDeque<>();
  private final Set<String> seenEvents = new LinkedHashSet<>();

  @Override
  public PayAllView run(PayAllInput input) {
    this.input = input;
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.MERCHANT.valueSet(Long.toString(input.merchantId())),
        InvoiceSearchAttributes.CUSTOMER.valueSet(Long.toString(input.customerId())));
    if (!reserveAll()) {
      count();
      return status();
    }
    payBy = now().plus(input.customerWindow());
    request =
        new BatchPayment.Request(
            IdempotencyKeys.batchPayment(input.batchId()),
            input.batchId(),
            input.merchantId(),
            input.customerId(),
            shares.stream().map(PayAllView.Share::invoiceId).toList(),
            shares.stream().mapToLong(PayAllView.Share::amount).sum(),
            input.currency(),
            input.how(),
            input.paymentMethodId(),
            payBy,
            input.successUrl(),
            input.cancelUrl());
    ChargeResult result;
    try {
      BatchPayment.Started started = activities.start(request);
      clientSecret = started.clientSecret();
      checkoutSessionId = started.checkoutSessionId();
      checkoutUrl = started.checkoutUrl();
      result = started.result();
      if (result.outcome() == PaymentOutcome.UNKNOWN) {
        log.warn("pay-all {}: outcome unknown ({}); resolving", input.batchId(), result.message());
        result = activities.resolve(request, result.paymentIntentId());
      }
    } catch (ActivityFailure refused) {
      // Stripe refused the request itself (an unknown customer, a bad key): nothing was taken.
      errorCode = failureType(refused);
      refusal = message(refused);
      releaseAll();
      count();
      return status();
    }
    apply(result, false);
    while (!stage.isFinal()) {
      if (!inbox.isEmpty()) {
        BatchUpdate next = inbox.poll();
        if (input.batchId().equals(next.batchId())) {
          apply(next.update());
        }
        continue;
      }
      Instant wakeAt = stage == PayAllView.Stage.PROCESSING ? nextPollAt : payBy;
      Duration wait = Duration.between(now(), wakeAt);
      boolean woken = !wait.isNegative() && Workflow.await(wait, () -> !inbox.isEmpty());
      if (woken) {
        continue;
      }
      if (stage == PayAllView.Stage.PROCESSING) {
        apply(
            paymentIntentId == null
                ? activities.resolve(request, null)
                : charges.retrieve(input.merchantId(), paymentIntentId),
            false);
      } else {
        // The customer's time is up: close the payment at Stripe before letting the invoices go.
        apply(activities.close(request, paymentIntentId, checkoutSessionId), true);
      }
    }
    count();
    return status();
  }

  /** settle_pay_all_payments{outcome=succeeded|failed, how=saved|on_session|checkout}. */
  private void count() {
    Workflow.getMetricsScope()
        .tagged(
            Map.of(
                "outcome", stage.name().toLowerCase(Locale.ROOT),
                "how", input.how().name().toLowerCase(Locale.ROOT)))
        .counter("settle_pay_all_payments")
        .inc(1);
  }

  @Override
  public PayAllView started() {
    Workflow.await(() -> stage != PayAllView.Stage.STARTING);
    return status();
  }

  @Override
  public void paymentUpdated(String batchId, PaymentUpdate update) {
    inbox.add(new BatchUpdate(batchId, update)); // judged by the loop, once the run has begun
  }

  @Override
  public PayAllView status() {
    return new PayAllView(
        input == null ? null : input.batchId(),
        input == null ? 0 : input.merchantId(),
        input == null ? 0 : input.customerId(),
        stage,
        shares,
        shares.stream().mapToLong(PayAllView.Share::amount).sum(),
        input == null ? null : input.currency(),
        paymentIntentId,
        stage.isFinal() ? null : clientSecret,
        stage.isFinal() ? null : checkoutUrl,
        payBy,
        errorCode,
        refusal);
  }

  // ---- reserving and releasing -----------------------------------------------------------------

  private boolean reserveAll() {
    for (long invoiceId : input.invoiceIds()) {
      try {
        long share =
            activities.reserve(input.batchId(), input.merchantId(), input.customerId(), invoiceId);
        shares.add(new PayAllView.Share(invoiceId, share));
      } catch (ActivityFailure refused) {
        errorCode = "invoice_not_payable";
        refusal = "Invoice " + invoiceId + " cannot be paid now: " + message(refused);
        log.info("pay-all {}: {}", input.batchId(), refusal);
        releaseAll();
        return false;
      }
    }
    return true;
  }

  private void releaseAll() {
    for (PayAllView.Share share : shares) {
      signalInvoice(share.invoiceId(), invoice -> invoice.payAllReleased(input.batchId()));
    }
    stage = PayAllView.Stage.FAILED;
  }

  private void settle() {
    activities.record(request, input.source(), paymentIntentId, shares);
    for (PayAllView.Share share : shares) {
      signalInvoice(
          share.invoiceId(),
          invoice ->
              invoice.payAllSettled(
                  new PayAll.Settlement(input.batchId(), share.amount(), paymentIntentId)));
    }
    stage = PayAllView.Stage.SUCCEEDED;
    errorCode = null;
    refusal = null;
    log.info(
        "pay-all {} paid {} over {} invoices", input.batchId(), request.amount(), shares.size());
  }

  private void signalInvoice(
      long invoiceId, java.util.function.Consumer<InvoicePaymentWorkflow> send) {
    try {
      send.accept(
          Workflow.newExternalWorkflowStub(
              InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId)));
    } catch (SignalExternalWorkflowException ended) {
      // The invoice's run has ended (voided meanwhile): the ledger holds the record either way.
      log.warn("pay-all {}: invoice {} no longer listens", input.batchId(), invoiceId);
    }
  }

  // ---- what Stripe says ------------------------------------------------------------------------

  private void apply(PaymentUpdate update) {
    if (!seenEvents.add(update.eventId())) {
      return;
    }
    if (paymentIntentId != null && !paymentIntentId.equals(update.paymentIntentId())) {
      log.info("pay-all {}: {} is not this payment", input.batchId(), update.paymentIntentId());
      return;
    }
    switch (update.kind()) {
      case SUCCEEDED ->
          apply(ChargeResult.succeeded(update.paymentIntentId(), update.amountReceived()), false);
      case PROCESSING ->
          apply(
              new ChargeResult(
                  PaymentOutcome.PENDING,
                  update.paymentIntentId(),
                  "processing",
                  0,
                  null,
                  null,
                  null),
              false);
      case REQUIRES_ACTION -> paymentIntentId = update.paymentIntentId();
      case FAILED -> {
        paymentIntentId = update.paymentIntentId();
        errorCode = update.errorCode();
        refusal = update.message();
        if (stage == PayAllView.Stage.PROCESSING || input.how() == PayAllInput.How.SAVED) {
          // A bank debit that bounced, or a saved method declined: no one is there to try again.
          apply(activities.close(request, paymentIntentId, checkoutSessionId), true);
        } // else the customer is on the page and may try another card until the window ends
      }
      case CANCELED ->
          apply(
              ChargeResult.declined(
                  update.paymentIntentId(), "canceled", null, "The payment was canceled."),
              true);
    }
  }

  /**
   * @param closed the customer can no longer pay: a decline now ends the payment
   */
  private void apply(ChargeResult result, boolean closed) {
    if (result.paymentIntentId() != null) {
      paymentIntentId = result.paymentIntentId();
    }
    switch (result.outcome()) {
      case SUCCEEDED -> settle();
      case PENDING -> {
        if ("processing".equals(result.status())) {
          if (stage != PayAllView.Stage.PROCESSING) {
            stage = PayAllView.Stage.PROCESSING;
            pollDelay = FIRST_POLL;
          } else {
            pollDelay =
                pollDelay.multipliedBy(2).compareTo(LONGEST_POLL) > 0
                    ? LONGEST_POLL
                    : pollDelay.multipliedBy(2);
          }
          nextPollAt = now().plus(pollDelay);
        } else if (closed) {
          // Could not be closed and not paid either: ask again when the window would have ended.
          payBy = now().plus(FIRST_POLL);
          stage = PayAllView.Stage.AWAITING_CUSTOMER;
        } else {
          stage = PayAllView.Stage.AWAITING_CUSTOMER;
        }
      }
      case DECLINED -> {
        errorCode = result.errorCode() == null ? "declined" : result.errorCode();
        refusal = result.message();
        if (closed || input.how() == PayAllInput.How.SAVED) {
          releaseAll();
        } else {
          stage = PayAllView.Stage.AWAITING_CUSTOMER;
        }
      }
      case UNKNOWN -> {
        // Resolution found nothing decisive: keep the invoices reserved and ask again later.
        stage = PayAllView.Stage.PROCESSING;
        nextPollAt = now().plus(FIRST_POLL);
      }
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : "activity_failed";
  }

  private static String message(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : failure.getMessage();
  }

  /** A webhook's word as it arrived, for the batch it names. */
  private record BatchUpdate(String batchId, PaymentUpdate update) {}
}
