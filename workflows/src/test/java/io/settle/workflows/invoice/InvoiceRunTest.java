package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.InvoiceBalance;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The run travels whole across continue-as-new: through Temporal's own data converter, every field
 * comes back as it went, whatever it holds. A field added later is covered without being named.
 */
class InvoiceRunTest {

  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

  @Test
  void everyFieldSurvivesTheDataConverter() throws Exception {
    InvoiceRun run = everythingSet();

    InvoiceRun back = roundTrip(run);

    for (Field field : InvoiceRun.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(field.getModifiers())
          || java.lang.reflect.Modifier.isTransient(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      Object value = field.get(run);
      assertThat(value)
          .as("the test sets %s, so the round trip proves it travels", field.getName())
          .isNotNull()
          .isNotEqualTo(0)
          .isNotEqualTo(false);
      if (value instanceof Collection<?> collection) {
        assertThat(collection).as(field.getName()).isNotEmpty();
      }
      assertThat(field.get(back)).as(field.getName()).isEqualTo(value);
    }
  }

  @Test
  void arrivalsKeepTheirKindAndOrder() throws Exception {
    InvoiceRun run = InvoiceRun.of(100, LocalDate.of(2026, 11, 15));
    run.arrive(new Arrival.Void("gone"));
    run.arrive(new Arrival.Change(new InvoiceChange(90L, null)));

    InvoiceRun back = roundTrip(run);

    assertThat(back.nextArrival()).isEqualTo(new Arrival.Void("gone"));
    assertThat(back.nextArrival()).isEqualTo(new Arrival.Change(new InvoiceChange(90L, null)));
    assertThat(back.hasArrivals()).isFalse();
  }

  @Test
  void releasingAHoldPutsWhatWaitedFirstInLineAndRestoresThePlan() {
    InvoiceRun run = InvoiceRun.of(100, LocalDate.of(2026, 11, 15));
    run.enter(InvoiceState.RETRY_SCHEDULED);
    run.plan("retry charge 1", NOW);
    run.hold(new PayAll.Reservation("b", 100));
    run.enter(InvoiceState.PROCESSING);
    run.plan(null, null);
    run.defer(new Arrival.Void("later"));
    run.arrive(new Arrival.PayAllReleased("b"));
    run.nextArrival();

    run.releaseHold();

    assertThat(run.state()).isEqualTo(InvoiceState.RETRY_SCHEDULED);
    assertThat(run.nextAction()).isEqualTo("retry charge 1");
    assertThat(run.nextActionAt()).isEqualTo(NOW);
    assertThat(run.payAllHold()).isNull();
    assertThat(run.nextArrival()).isEqualTo(new Arrival.Void("later"));
  }

  @Test
  void onlyTheLastWebhookEventsAreRemembered() {
    InvoiceRun run = InvoiceRun.of(100, null);
    for (int i = 0; i <= InvoiceRun.REMEMBERED_EVENTS; i++) {
      assertThat(run.remember("evt_" + i)).isTrue();
    }
    assertThat(run.remember("evt_" + InvoiceRun.REMEMBERED_EVENTS)).isFalse();
    assertThat(run.remember("evt_0")).as("the oldest was forgotten").isTrue();
  }

  private static InvoiceRun roundTrip(InvoiceRun run) {
    Optional<Payloads> payloads = DefaultDataConverter.STANDARD_INSTANCE.toPayloads(run);
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
        0, payloads, InvoiceRun.class, InvoiceRun.class);
  }

  private static InvoiceRun everythingSet() {
    InvoiceRun run = InvoiceRun.of(12_000, LocalDate.of(2026, 11, 15));
    AttemptView attempt =
        new AttemptView(
            1, "settle-inv_1-attempt-1", 12_000, PaymentOutcome.UNKNOWN, "pi_1", "x", "y");
    run.addAttempt(attempt);
    run.waitOn(attempt);
    run.enter(InvoiceState.PROCESSING);
    run.balance(new InvoiceBalance(12_300, 100, null));
    run.useRetry();
    run.feeAdded();
    run.creditTaken();
    run.remember("evt_1");
    run.recordReference("CHQ-1");
    run.plan("ask Stripe", NOW);
    run.pollAfter(Duration.ofMinutes(5));
    run.hold(new PayAll.Reservation("batch_1", 12_200));
    run.defer(new Arrival.Void("void later"));
    run.arrive(
        new Arrival.Payment(
            new PaymentUpdate("evt_2", "pi_1", PaymentUpdate.Kind.SUCCEEDED, 1, null, null, null)));
    run.arrive(new Arrival.External(new ExternalPayment("W-1", 5, ExternalPayment.Method.WIRE)));
    run.arrive(new Arrival.PayAllSettled(new PayAll.Settlement("batch_1", 12_200, "pi_all")));
    run.unresolved(
        new InvoiceRun.UnresolvedCharge(
            new ChargeRequest(
                "settle-inv_1-attempt-1", 7, 42, 1, 12_000, "USD", "cus_1", "pm_1", "INV-1"),
            true,
            NOW));
    run.problem(InvoiceProblem.Kind.OUTCOME_UNKNOWN, "OutcomeUnknown", "asked again", NOW);
    return run;
  }
}
