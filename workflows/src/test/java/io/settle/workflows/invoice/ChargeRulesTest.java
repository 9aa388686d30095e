package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.InvoiceBalance;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests an invoice's run turns down, and as what kind of refusal, without Temporal. */
class ChargeRulesTest {

  private static final long TOTAL = 12_000;
  private static final ChargeNow ALL = new ChargeNow(null, null, ChargeNow.ChargeSource.AGENT);

  @Test
  void anOpenInvoiceTakesAChargeForAnythingUpToWhatIsOwed() {
    InvoiceRun run = open();

    assertThat(ChargeRules.chargeNow(run, ALL)).isEmpty();
    assertThat(ChargeRules.chargeNow(run, charge(TOTAL))).isEmpty();
    assertThat(kind(ChargeRules.chargeNow(run, charge(TOTAL + 1)))).contains(Refusal.Kind.AMOUNT);
    assertThat(kind(ChargeRules.chargeNow(run, charge(0)))).contains(Refusal.Kind.AMOUNT);
  }

  @Test
  void aClosedInvoiceTakesNothing() {
    for (InvoiceState closed :
        new InvoiceState[] {InvoiceState.PAID, InvoiceState.VOID, InvoiceState.UNCOLLECTIBLE}) {
      InvoiceRun run = open();
      run.enter(closed);

      assertThat(kind(ChargeRules.chargeNow(run, ALL))).contains(Refusal.Kind.CLOSED);
      assertThat(kind(ChargeRules.externalPayment(run, cheque("C1", 100))))
          .contains(Refusal.Kind.CLOSED);
      assertThat(kind(ChargeRules.reservation(run, new PayAll.Reservation("b", 100))))
          .contains(Refusal.Kind.CLOSED);
    }
  }

  @Test
  void aPaymentLinksHoldIsWithdrawnFirstWhileAPortalPayAllsHoldIsBusy() {
    InvoiceRun linked = open();
    linked.hold(new PayAll.Reservation(WorkflowIds.linkBatchId(7, "abc"), 5_000));
    InvoiceRun portal = open();
    portal.hold(new PayAll.Reservation("pa_portal", 5_000));

    assertThat(ChargeRules.linkHolds(linked)).isTrue();
    assertThat(ChargeRules.chargeNowUnlessLinkWithdrawn(linked, ALL)).isEmpty();
    assertThat(kind(ChargeRules.chargeNow(linked, ALL)))
        .as("judged again after the withdrawal: still held is still busy")
        .contains(Refusal.Kind.BUSY);
    assertThat(ChargeRules.linkHolds(portal)).isFalse();
    assertThat(kind(ChargeRules.chargeNowUnlessLinkWithdrawn(portal, ALL)))
        .contains(Refusal.Kind.BUSY);
  }

  @Test
  void nothingOwedIsAClosedRefusal() {
    InvoiceRun run = open();
    run.balance(new InvoiceBalance(TOTAL, TOTAL, null));

    assertThat(kind(ChargeRules.chargeNow(run, ALL))).contains(Refusal.Kind.CLOSED);
  }

  @Test
  void aPaymentWaitingOnStripeOrTheCustomerHoldsEveryOtherCharge() {
    InvoiceRun run = open();
    run.waitOn(waiting(5_000));
    run.enter(InvoiceState.REQUIRES_ACTION);

    Optional<Refusal> charge = ChargeRules.chargeNow(run, ALL);
    assertThat(kind(charge)).contains(Refusal.Kind.BUSY);
    assertThat(charge.orElseThrow().message()).contains("authenticate");
    assertThat(kind(ChargeRules.reservation(run, new PayAll.Reservation("b", 100))))
        .contains(Refusal.Kind.BUSY);
  }

  @Test
  void anExternalPaymentIsNeverRefusedForItsSizeOnlyForNothingAtAll() {
    InvoiceRun run = open();
    run.waitOn(waiting(5_000));

    assertThat(ChargeRules.externalPayment(run, cheque("C1", 7_000))).isEmpty();
    assertThat(ChargeRules.externalPayment(run, cheque("C2", TOTAL * 3)))
        .as("the excess becomes credit")
        .isEmpty();
    assertThat(kind(ChargeRules.externalPayment(run, cheque("C3", 0))))
        .contains(Refusal.Kind.AMOUNT);
  }

  @Test
  void creditPaysOnlyAnOpenInvoiceThatOwesAndHasNothingInFlight() {
    assertThat(ChargeRules.credit(open())).isEmpty();
    InvoiceRun waiting = open();
    waiting.waitOn(waiting(5_000));
    assertThat(kind(ChargeRules.credit(waiting))).contains(Refusal.Kind.BUSY);
    InvoiceRun held = open();
    held.hold(new PayAll.Reservation("batch_1", TOTAL));
    assertThat(kind(ChargeRules.credit(held))).contains(Refusal.Kind.BUSY);
    InvoiceRun paid = open();
    paid.enter(InvoiceState.PAID);
    assertThat(kind(ChargeRules.credit(paid))).contains(Refusal.Kind.CLOSED);
  }

  @Test
  void aReferenceRecordedBeforeIsAnsweredNotRefused() {
    InvoiceRun run = open();
    run.recordReference("C1");
    run.enter(InvoiceState.PAID);

    assertThat(ChargeRules.externalPayment(run, cheque("C1", 99_999))).isEmpty();
  }

  @Test
  void aReservationHoldsTheInvoiceForItsBatchOnly() {
    InvoiceRun run = open();
    run.hold(new PayAll.Reservation("batch_1", TOTAL));

    assertThat(ChargeRules.reservation(run, new PayAll.Reservation("batch_1", TOTAL))).isEmpty();
    assertThat(kind(ChargeRules.reservation(run, new PayAll.Reservation("batch_2", TOTAL))))
        .contains(Refusal.Kind.BUSY);
    assertThat(kind(ChargeRules.chargeNow(run, ALL))).contains(Refusal.Kind.BUSY);
    assertThat(kind(ChargeRules.externalPayment(run, cheque("C1", 1))))
        .as("the reserved share is in flight")
        .contains(Refusal.Kind.BUSY);
  }

  @Test
  void aReservationForMoreThanIsOwedIsAnAmountRefusal() {
    assertThat(kind(ChargeRules.reservation(open(), new PayAll.Reservation("b", TOTAL + 1))))
        .contains(Refusal.Kind.AMOUNT);
  }

  private static InvoiceRun open() {
    return InvoiceRun.of(TOTAL, LocalDate.of(2026, 11, 15));
  }

  private static ChargeNow charge(long amount) {
    return new ChargeNow(null, amount, ChargeNow.ChargeSource.AGENT);
  }

  private static ExternalPayment cheque(String reference, long amount) {
    return new ExternalPayment(reference, amount, ExternalPayment.Method.CHEQUE);
  }

  private static AttemptView waiting(long amount) {
    return new AttemptView(1, "k", amount, PaymentOutcome.PENDING, "pi_1", null, null);
  }

  private static Optional<Refusal.Kind> kind(Optional<Refusal> refusal) {
    return refusal.map(Refusal::kind);
  }
}
