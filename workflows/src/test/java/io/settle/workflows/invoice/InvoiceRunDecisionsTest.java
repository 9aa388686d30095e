package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.notify.NotificationKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * InvoiceRun's decisions without Temporal: what arrived or happened, to the new state and plan and
 * the effects to carry out, in the order the workflow carries them out.
 */
class InvoiceRunDecisionsTest {

  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
  private static final CollectionPolicy POLICY = CollectionPolicy.defaults();
  private static final AttemptView ATTEMPT =
      new AttemptView(
          1, "settle-inv_1-attempt-1", 12_000, PaymentOutcome.DECLINED, "pi_1", null, null);
  private static final ChargeResult SOFT =
      ChargeResult.declined("pi_1", "card_declined", "insufficient_funds", "Insufficient funds.");

  @Test
  void anAutomaticDeclineWithRetriesLeftSchedulesTheNextAndTellsTheCustomerWhen() {
    InvoiceRun run = InvoiceRun.of(12_000, LocalDate.of(2026, 11, 15));

    List<Effect> effects = run.declined(ATTEMPT, SOFT, true, POLICY, NOW);

    Instant retryAt = NOW.plus(Duration.ofDays(1));
    assertThat(run.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(run.nextActionAt()).isEqualTo(retryAt);
    assertThat(run.retriesUsed()).isEqualTo(1);
    assertThat(effects)
        .containsExactly(
            new Effect.Show(),
            new Effect.Notify(
                NotificationKind.PAYMENT_FAILED,
                "failed-1",
                12_000,
                retryAt,
                "pi_1",
                "insufficient_funds"));
  }

  @Test
  void theLastDeclineTellsTheFailureThenTheExhaustionThenShows() {
    InvoiceRun run = InvoiceRun.of(12_000, null);
    for (int i = 0; i < POLICY.retryDelays().size(); i++) {
      run.useRetry();
    }

    List<Effect> effects = run.declined(ATTEMPT, SOFT, true, POLICY, NOW);

    assertThat(run.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(run.nextActionAt()).isNull();
    assertThat(effects)
        .extracting(e -> e instanceof Effect.Notify n ? n.kind().name() : "SHOW")
        .containsExactly("PAYMENT_FAILED", "DUNNING_EXHAUSTED", "SHOW");
  }

  @Test
  void partPaidWithAnAutomaticPlanKeepsThePlanAndOnlyShows() {
    InvoiceRun run = InvoiceRun.of(12_000, null);
    run.enter(InvoiceState.RETRY_SCHEDULED);
    run.plan("retry charge 1", NOW);

    List<Effect> effects = run.paid(new InvoiceBalance(12_000, 5_000, null));

    assertThat(run.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(run.nextActionAt()).isEqualTo(NOW);
    assertThat(effects).containsExactly(new Effect.Show());
  }

  @Test
  void paidInFullEndsThePlanAndTellsTheCustomerOnce() {
    InvoiceRun run = InvoiceRun.of(12_000, null);

    List<Effect> effects = run.paid(new InvoiceBalance(12_000, 12_000, null));

    assertThat(run.state()).isEqualTo(InvoiceState.PAID);
    assertThat(effects)
        .containsExactly(
            new Effect.Show(),
            new Effect.Notify(NotificationKind.PAID, "paid", 12_000, null, null, null));
  }

  @Test
  void paidByABatchLeavesTheConfirmationToTheBatchsReceipt() {
    InvoiceRun run = InvoiceRun.of(12_000, null);

    List<Effect> effects = run.paidByBatch(new InvoiceBalance(12_000, 12_000, null));

    assertThat(run.state()).isEqualTo(InvoiceState.PAID);
    assertThat(effects).containsExactly(new Effect.Show());
  }

  @Test
  void aPaymentNeedingAuthenticationWaitsForTheCustomerUntilThePolicysExpiry() {
    InvoiceRun run = InvoiceRun.of(12_000, null);
    ChargeResult requiresAction =
        new ChargeResult(
            PaymentOutcome.PENDING,
            "pi_1",
            "requires_action",
            0,
            "authentication_required",
            null,
            null);

    List<Effect> effects = run.waitFor(ATTEMPT, requiresAction, POLICY, NOW);

    assertThat(run.state()).isEqualTo(InvoiceState.REQUIRES_ACTION);
    assertThat(run.waitingAttempt()).isEqualTo(ATTEMPT);
    assertThat(run.nextActionAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    assertThat(effects).hasSize(2).first().isEqualTo(new Effect.Show());
  }

  @Test
  void aBankDebitUnderWayIsPolledAndTheCustomerHearsItIsOnItsWay() {
    InvoiceRun run = InvoiceRun.of(12_000, null);
    ChargeResult processing =
        new ChargeResult(PaymentOutcome.PENDING, "pi_1", "processing", 0, null, null, null);

    List<Effect> effects = run.waitFor(ATTEMPT, processing, POLICY, NOW);

    assertThat(run.state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(effects)
        .containsExactly(
            new Effect.Show(),
            new Effect.Notify(
                NotificationKind.PAYMENT_PROCESSING, "processing-1", 12_000, null, "pi_1", null));
  }

  @Test
  void anUnknownOutcomeBlocksTheInvoiceAndIsAskedAboutAgainLaterEachTime() {
    InvoiceRun run = InvoiceRun.of(12_000, null);

    run.blockOnUnknown(ATTEMPT, null, true, Duration.ofMinutes(5), NOW);
    run.stillUnknown(Duration.ofHours(6), NOW);

    assertThat(run.state()).isEqualTo(InvoiceState.PROCESSING);
    assertThat(run.waitingAttempt()).isEqualTo(ATTEMPT);
    assertThat(run.nextActionAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    assertThat(ChargeRules.chargeNow(run, new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT)))
        .map(Refusal::kind)
        .contains(Refusal.Kind.BUSY);
  }

  @Test
  void aPausedAutomaticChargeIsTriedAgainAfterTheProblemsBackoffAndAPersonsIsLeftAsItWas() {
    InvoiceRun run = InvoiceRun.of(12_000, null);
    run.problem(
        InvoiceProblem.Kind.MERCHANT_STRIPE_ACCESS, "StripeAuthenticationFailure", "m", NOW);

    run.pause(true, InvoiceState.OPEN, null, null, NOW);
    assertThat(run.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(run.nextActionAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(run.retriesUsed()).as("dunning is not spent").isZero();

    run.pause(false, InvoiceState.AWAITING_DUE_DATE, "charge on the due date", NOW, NOW);
    assertThat(run.state()).isEqualTo(InvoiceState.AWAITING_DUE_DATE);
    assertThat(run.nextAction()).isEqualTo("charge on the due date");
  }
}
