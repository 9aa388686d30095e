package io.settle.workflows.payall;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.invoice.PaymentUpdate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pay-all run's own rules, without Temporal. */
class PayAllRunTest {

  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

  @Test
  void aWebhookCountsOnceAndOnlyForThisPayment() {
    PayAllRun run = new PayAllRun();

    assertThat(run.concerns(update("evt_1", "pi_1"))).as("before the payment is known").isTrue();
    run.paymentIs(ChargeResult.succeeded("pi_1", 100));
    assertThat(run.concerns(update("evt_1", "pi_1"))).as("seen before").isFalse();
    assertThat(run.concerns(update("evt_2", "pi_other"))).as("another payment").isFalse();
    assertThat(run.concerns(update("evt_3", "pi_1"))).isTrue();
  }

  @Test
  void aProcessingPaymentIsAskedAboutAfterSixHoursThenTwiceAsLongUpToTwoDays() {
    PayAllRun run = new PayAllRun();

    run.processing(NOW);
    assertThat(run.stage).isEqualTo(PayAllView.Stage.PROCESSING);
    assertThat(run.wakeAt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
    run.processing(NOW);
    run.processing(NOW);
    assertThat(run.wakeAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    run.processing(NOW);
    run.processing(NOW);
    assertThat(run.wakeAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
  }

  @Test
  void theSameProblemAgainKeepsWhenItBeganAndWaitsLonger() {
    PayAllRun run = new PayAllRun();

    run.problem(InvoiceProblem.Kind.ACTIVITY_FAILED, "PaymentExceedsAmountDue", "m", NOW);
    run.problem(
        InvoiceProblem.Kind.ACTIVITY_FAILED, "PaymentExceedsAmountDue", "m", NOW.plusSeconds(60));

    assertThat(run.problem.since()).isEqualTo(NOW);
    assertThat(run.problem.tries()).isEqualTo(2);
    assertThat(run.problem.retryDelay()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void theViewHidesWhatTheCustomerNeedsOnceThePaymentHasEnded() {
    PayAllRun run = new PayAllRun();
    run.clientSecret = "pi_1_secret";
    run.checkoutUrl = "https://checkout.test/cs_1";
    run.shares.add(new PayAllView.Share(11, 1_100));
    run.shares.add(new PayAllView.Share(12, 1_200));
    run.stage = PayAllView.Stage.AWAITING_CUSTOMER;
    assertThat(run.view(null).clientSecret()).isEqualTo("pi_1_secret");
    assertThat(run.view(null).amount()).isEqualTo(2_300);

    run.stage = PayAllView.Stage.SUCCEEDED;

    assertThat(run.view(null).clientSecret()).isNull();
    assertThat(run.view(null).checkoutUrl()).isNull();
  }

  private static PaymentUpdate update(String eventId, String paymentIntentId) {
    return new PaymentUpdate(
        eventId, paymentIntentId, PaymentUpdate.Kind.SUCCEEDED, 100, null, null, null);
  }
}
