package io.settle.workflows.payall;

import io.settle.workflows.ActivityRetries;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The pay-all coordinator, a thin shell over {@link PayAllRun}: reserve every invoice, make the one
 * payment, then settle or release. A customer-present payment (new details, a Checkout page,
 * authentication) gets {@link PayAllInput#customerWindow()}; when it runs out the payment is closed
 * at Stripe first (the PaymentIntent canceled, the page expired), so nothing can be paid after the
 * invoices are released. Once the payment exists, a step that fails for good (a ledger refusal, a
 * revoked key) is recorded and tried again on a backoff, never answered by releasing invoices whose
 * money may be taken; a canceled run closes the payment and releases them, as a saga compensates.
 */
public class PayAllWorkflowImpl implements PayAllWorkflow {

  private static final Logger log = Workflow.getLogger(PayAllWorkflowImpl.class);

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
  private final PayAllRun run = new PayAllRun();

  @Override
  public PayAllView run(PayAllInput input) {
    this.input = input;
    Workflow.upsertTypedSearchAttributes(
        InvoiceSearchAttributes.MERCHANT.valueSet(Long.toString(input.merchantId())),
        InvoiceSearchAttributes.CUSTOMER.valueSet(Long.toString(input.customerId())));
    try {
      collect();
    } catch (CanceledFailure canceled) {
      // An operator canceled the run: close the payment and let the invoices go, whatever the
      // cancellation does to the rest of the run.
      Workflow.newDetachedCancellationScope(this::compensate).run();
      throw canceled;
    }
    count();
    return status();
  }

  private void collect() {
    if (!reserveAll()) {
      return;
    }
    run.payBy = now().plus(input.customerWindow());
    run.request =
        new BatchPayment.Request(
            IdempotencyKeys.batchPayment(input.batchId()),
            input.batchId(),
            input.merchantId(),
            input.customerId(),
            run.invoiceIds(),
            run.amount(),
            input.currency(),
            input.how(),
            input.paymentMethodId(),
            run.payBy,
            input.successUrl(),
            input.cancelUrl(),
            input.payerEmail(),
            input.paymentMethodType());
    ChargeResult result;
    try {
      BatchPayment.Started started = activities.start(run.request);
      run.clientSecret = started.clientSecret();
      run.checkoutSessionId = started.checkoutSessionId();
      run.checkoutUrl = started.checkoutUrl();
      result = started.result();
    } catch (ActivityFailure refused) {
      // Stripe refused the request itself (an unknown customer, a bad key): nothing was taken.
      run.failedWith(failureType(refused), message(refused));
      releaseAll();
      return;
    }
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      log.warn("pay-all {}: outcome unknown ({}); resolving", input.batchId(), result.message());
      result = persistently(() -> activities.resolve(run.request, null));
    }
    apply(result, false);
    while (!run.stage.isFinal()) {
      if (!run.inbox.isEmpty()) {
        apply(run.inbox.remove(0));
        continue;
      }
      if (run.withdrawnFor != null && run.stage == PayAllView.Stage.AWAITING_CUSTOMER) {
        log.info("pay-all {} withdrawn: {}", input.batchId(), run.withdrawnFor);
        run.withdrawnFor = null;
        apply(close(), true);
        continue;
      }
      Duration wait = Duration.between(now(), run.wakeAt());
      boolean woken =
          !wait.isNegative() && Workflow.await(wait, () -> !run.inbox.isEmpty() || withdrawable());
      if (woken) {
        continue;
      }
      if (run.stage == PayAllView.Stage.PROCESSING) {
        apply(
            persistently(
                () ->
                    run.paymentIntentId == null
                        ? activities.resolve(run.request, null)
                        : charges.retrieve(input.merchantId(), run.paymentIntentId)),
            false);
      } else {
        // The customer's time is up: close the payment at Stripe before letting the invoices go.
        apply(close(), true);
      }
    }
  }

  /** The saga's compensation: close what Stripe has open, then settle or release. */
  private void compensate() {
    if (run.stage.isFinal()) {
      return;
    }
    if (run.request == null) {
      releaseAll(); // reserved, nothing asked of Stripe yet
      return;
    }
    try {
      ChargeResult closed =
          activities.close(run.request, run.paymentIntentId, run.checkoutSessionId);
      apply(closed, true);
    } catch (ActivityFailure failure) {
      // Never release invoices whose payment may still be taken: they stay held for a person.
      log.error(
          "pay-all {} canceled, but its payment could not be closed ({}); its invoices stay"
              + " reserved until a person settles or releases them",
          input.batchId(),
          message(failure));
    }
    if (!run.stage.isFinal()) {
      log.error("pay-all {} canceled with its payment still open at Stripe", input.batchId());
    }
    count();
  }

  /** settle_pay_all_payments{outcome=succeeded|failed, how=saved|on_session|checkout}. */
  private void count() {
    Workflow.getMetricsScope()
        .tagged(
            Map.of(
                "outcome", run.stage.name().toLowerCase(Locale.ROOT),
                "how", input.how().name().toLowerCase(Locale.ROOT)))
        .counter("settle_pay_all_payments")
        .inc(1);
  }

  @Override
  public PayAllView started() {
    Workflow.await(() -> run.stage != PayAllView.Stage.STARTING);
    return status();
  }

  @Override
  public void paymentUpdated(String batchId, PaymentUpdate update) {
    if (input != null && !input.batchId().equals(batchId)) {
      return; // another batch's webhook
    }
    Workflow.await(() -> input != null); // judged by the loop, once the run has begun
    if (input.batchId().equals(batchId)) {
      run.inbox.add(update);
    }
  }

  @Override
  public void withdraw(String reason) {
    run.withdrawnFor = reason == null ? "withdrawn" : reason;
  }

  /** A withdrawal the loop acts on: the customer has not paid, nor started a bank debit. */
  private boolean withdrawable() {
    return run.withdrawnFor != null && run.stage == PayAllView.Stage.AWAITING_CUSTOMER;
  }

  @Override
  public PayAllView status() {
    return run.view(input);
  }

  // ---- reserving, releasing, settling
  // ------------------------------------------------------------

  private boolean reserveAll() {
    for (long invoiceId : input.invoiceIds()) {
      try {
        long share =
            activities.reserve(input.batchId(), input.merchantId(), input.customerId(), invoiceId);
        run.shares.add(new PayAllView.Share(invoiceId, share));
      } catch (ActivityFailure refused) {
        run.failedWith(
            PayAllView.NOT_PAYABLE,
            "Invoice " + invoiceId + " cannot be paid now: " + message(refused));
        log.info("pay-all {}: {}", input.batchId(), run.refusal);
        releaseAll();
        return false;
      }
    }
    return true;
  }

  private void releaseAll() {
    for (PayAllView.Share share : run.shares) {
      signalInvoice(share.invoiceId(), invoice -> invoice.payAllReleased(input.batchId()));
    }
    run.stage = PayAllView.Stage.FAILED;
  }

  private void settle() {
    persistently(
        () -> {
          activities.record(run.request, input.source(), run.paymentIntentId, run.shares);
          return null;
        });
    for (PayAllView.Share share : run.shares) {
      signalInvoice(
          share.invoiceId(),
          invoice ->
              invoice.payAllSettled(
                  new PayAll.Settlement(input.batchId(), share.amount(), run.paymentIntentId)));
    }
    run.stage = PayAllView.Stage.SUCCEEDED;
    run.failedWith(null, null);
    log.info(
        "pay-all {} paid {} over {} invoices", input.batchId(), run.amount(), run.shares.size());
  }

  private void signalInvoice(long invoiceId, Consumer<InvoicePaymentWorkflow> send) {
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

  private ChargeResult close() {
    return persistently(
        () -> activities.close(run.request, run.paymentIntentId, run.checkoutSessionId));
  }

  private void apply(PaymentUpdate update) {
    if (!run.concerns(update)) {
      log.info("pay-all {}: {} changes nothing", input.batchId(), update.eventId());
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
      case REQUIRES_ACTION -> run.paymentIntentId = update.paymentIntentId();
      case FAILED -> {
        run.paymentIntentId = update.paymentIntentId();
        run.failedWith(update.errorCode(), update.message());
        if (run.stage == PayAllView.Stage.PROCESSING || input.how() == PayAllInput.How.SAVED) {
          // A bank debit that bounced, or a saved method declined: no one is there to try again.
          apply(close(), true);
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
    run.paymentIs(result);
    switch (result.outcome()) {
      case SUCCEEDED -> settle();
      case PENDING -> {
        if ("processing".equals(result.status())) {
          run.processing(now());
        } else if (closed) {
          // Could not be closed and not paid either: ask again when the window would have ended.
          run.payBy = now().plus(PayAllRun.FIRST_POLL);
          run.stage = PayAllView.Stage.AWAITING_CUSTOMER;
        } else {
          run.stage = PayAllView.Stage.AWAITING_CUSTOMER;
        }
      }
      case DECLINED -> {
        run.failedWith(
            result.errorCode() == null ? "declined" : result.errorCode(), result.message());
        if (closed || input.how() == PayAllInput.How.SAVED) {
          releaseAll();
        } else {
          run.stage = PayAllView.Stage.AWAITING_CUSTOMER;
        }
      }
      case UNKNOWN -> {
        // Resolution found nothing decisive: keep the invoices reserved and ask again later.
        run.stage = PayAllView.Stage.PROCESSING;
        run.nextPollAt = now().plus(PayAllRun.FIRST_POLL);
      }
    }
  }

  /**
   * A step once the payment exists: a failure no retry fixes is recorded (status query, the
   * SettleProblem search attribute) and the step is tried again after 1 h, doubling to a day. The
   * invoices stay reserved meanwhile: their money may be taken.
   */
  private <T> T persistently(Supplier<T> step) {
    while (true) {
      try {
        T result = step.get();
        if (run.problem != null) {
          run.problem = null;
          Workflow.upsertTypedSearchAttributes(InvoiceSearchAttributes.PROBLEM.valueUnset());
        }
        return result;
      } catch (ActivityFailure failure) {
        run.problem(
            InvoiceProblem.Kind.ACTIVITY_FAILED, failureType(failure), message(failure), now());
        log.error(
            "pay-all {}: {} ({} in a row); trying again in {}",
            input.batchId(),
            message(failure),
            run.problem.tries(),
            run.problem.retryDelay());
        Workflow.upsertTypedSearchAttributes(
            InvoiceSearchAttributes.PROBLEM.valueSet(run.problem.kind().name()));
        Workflow.sleep(run.problem.retryDelay());
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
}
