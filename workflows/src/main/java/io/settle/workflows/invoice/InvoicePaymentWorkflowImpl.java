package io.settle.workflows.invoice;

import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

public class InvoicePaymentWorkflowImpl implements InvoicePaymentWorkflow {

  private static final Logger log = Workflow.getLogger(InvoicePaymentWorkflowImpl.class);

  private final LedgerActivities ledger =
      Workflow.newActivityStub(
          LedgerActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  // Retries re-send the same idempotency key, so Stripe replays instead of charging again.
  private final ChargeActivities charges =
      Workflow.newActivityStub(
          ChargeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setDoNotRetry(ChargeFailures.NON_RETRYABLE.toArray(String[]::new))
                      .build())
              .build());

  private InvoicePaymentInput input;
  private InvoiceState state = InvoiceState.OPEN;
  private long amountPaid;
  private final List<AttemptView> attempts = new ArrayList<>();

  @Override
  public InvoiceState run(InvoicePaymentInput input) {
    this.input = input;
    switch (input.autopay()) {
      case ON_CREATION -> charge(PaymentSource.AUTO);
      case ON_DUE_DATE -> {
        state = InvoiceState.AWAITING_DUE_DATE;
        Workflow.sleep(untilDueDate());
        charge(PaymentSource.AUTO);
      }
      case OFF -> log.info("invoice {} waits for a manual payment", input.invoiceNumber());
    }
    Workflow.await(() -> state.isTerminal());
    return state;
  }

  @Override
  public InvoicePaymentStatus status() {
    return new InvoicePaymentStatus(
        state, input == null ? 0 : input.total(), amountPaid, List.copyOf(attempts));
  }

  private void charge(PaymentSource source) {
    int number = attempts.size() + 1;
    String key = IdempotencyKeys.chargeAttempt(input.invoiceKey(), number);
    long amount = input.total() - amountPaid;
    state = InvoiceState.CHARGING;

    ChargeRequest request =
        ledger.beginAttempt(new AttemptStart(key, input.invoiceId(), number, amount, source));
    ChargeResult result =
        request.paymentMethodId() == null
            ? ChargeResult.declined(
                null, "payment_method_missing", null, "The customer has no auto-pay method.")
            : chargeOrRecordRefusal(request);
    if (result.outcome() == PaymentOutcome.UNKNOWN) {
      // The answer was lost, not the charge: ask Stripe what it did. Charging again under a new
      // key here is how a customer gets charged twice.
      log.warn(
          "invoice {} attempt {}: outcome unknown ({}); resolving with Stripe",
          input.invoiceNumber(),
          number,
          result.message());
      result = charges.resolve(request, result.paymentIntentId());
    }
    InvoiceBalance balance = ledger.recordOutcome(key, result);

    attempts.add(
        new AttemptView(
            number,
            key,
            amount,
            result.outcome(),
            result.paymentIntentId(),
            result.errorCode(),
            result.declineCode()));
    amountPaid = balance.amountPaid();
    Workflow.getMetricsScope()
        .tagged(Map.of("outcome", result.outcome().name().toLowerCase()))
        .counter("settle_payment_attempts")
        .inc(1);

    state =
        switch (result.outcome()) {
          case SUCCEEDED ->
              balance.amountDue() == 0 ? InvoiceState.PAID : InvoiceState.PARTIALLY_PAID;
          case PENDING -> InvoiceState.PROCESSING;
          case DECLINED, UNKNOWN -> InvoiceState.OPEN;
        };
    log.info(
        "invoice {} attempt {} ended {}; invoice is {}",
        input.invoiceNumber(),
        number,
        result.outcome(),
        state);
  }

  /**
   * Charges; a failure no retry can fix (bad key, a request Stripe refuses) becomes the attempt's
   * recorded result, so the invoice stays open for someone to fix and retry instead of the run
   * failing with its attempt left pending.
   */
  private ChargeResult chargeOrRecordRefusal(ChargeRequest request) {
    try {
      return charges.charge(request);
    } catch (ActivityFailure failure) {
      if (!(failure.getCause() instanceof ApplicationFailure refused)
          || !ChargeFailures.NON_RETRYABLE.contains(refused.getType())) {
        throw failure;
      }
      ChargeFailures.Details stripe = refused.getDetails().get(ChargeFailures.Details.class);
      String code = stripe == null || stripe.code() == null ? refused.getType() : stripe.code();
      log.error(
          "invoice {} attempt {}: Stripe refused the charge ({}): {}",
          input.invoiceNumber(),
          request.attemptNumber(),
          refused.getType(),
          refused.getOriginalMessage());
      return switch (refused.getType()) {
        case ChargeFailures.STRIPE_IDEMPOTENCY_CONFLICT, ChargeFailures.STRIPE_OUTCOME_UNKNOWN ->
            ChargeResult.unknown(code, refused.getOriginalMessage());
        default -> ChargeResult.declined(null, code, null, refused.getOriginalMessage());
      };
    }
  }

  private Duration untilDueDate() {
    long due = input.dueDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return Duration.ofMillis(Math.max(0, due - Workflow.currentTimeMillis()));
  }
}
