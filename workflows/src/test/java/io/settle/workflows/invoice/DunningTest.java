package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.charge.ChargeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a decline leads to, decided without Temporal. */
class DunningTest {

  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
  private static final ChargeResult SOFT =
      ChargeResult.declined("pi_1", "card_declined", "insufficient_funds", "Insufficient funds.");
  private static final ChargeResult HARD =
      ChargeResult.declined("pi_1", "card_declined", "stolen_card", "Stolen.");

  @ParameterizedTest(name = "after {0} retries the next waits {1} days")
  @CsvSource({"0, 1", "1, 3", "2, 5", "3, 7"})
  void aSoftAutomaticDeclineRetriesOnTheSchedule(int retriesUsed, int days) {
    Dunning.Step step =
        Dunning.afterDecline(CollectionPolicy.defaults(), retriesUsed, 0, SOFT, true, NOW);

    assertThat(step).isEqualTo(new Dunning.Retry(retriesUsed + 1, NOW.plus(Duration.ofDays(days))));
  }

  @Test
  void theLastRetryDeclinedExhaustsDunningAsThePolicySays() {
    assertThat(Dunning.afterDecline(CollectionPolicy.defaults(), 4, 0, SOFT, true, NOW))
        .isEqualTo(new Dunning.Exhausted(false, InvoiceState.OPEN));
    assertThat(Dunning.afterDecline(CollectionPolicy.defaults(), 4, 500, SOFT, true, NOW))
        .isEqualTo(new Dunning.Exhausted(false, InvoiceState.PARTIALLY_PAID));
    assertThat(Dunning.afterDecline(writeOff(), 4, 500, SOFT, true, NOW))
        .isEqualTo(new Dunning.Exhausted(false, InvoiceState.UNCOLLECTIBLE));
  }

  @Test
  void aHardDeclineEndsDunningAtOnceWhateverIsLeft() {
    assertThat(Dunning.afterDecline(CollectionPolicy.defaults(), 0, 0, HARD, true, NOW))
        .isEqualTo(new Dunning.Exhausted(true, InvoiceState.OPEN));
  }

  @Test
  void aPersonsDeclinedTryMovesNothing() {
    assertThat(Dunning.afterDecline(CollectionPolicy.defaults(), 0, 0, SOFT, false, NOW))
        .isEqualTo(new Dunning.LeftToPerson(InvoiceState.OPEN));
    assertThat(Dunning.afterDecline(CollectionPolicy.defaults(), 2, 100, HARD, false, NOW))
        .isEqualTo(new Dunning.LeftToPerson(InvoiceState.PARTIALLY_PAID));
  }

  @Test
  void anEmptyScheduleExhaustsOnTheFirstDecline() {
    CollectionPolicy none =
        new CollectionPolicy(
            List.of(),
            CollectionPolicy.ExhaustionPolicy.LEAVE_OPEN,
            Duration.ofDays(7),
            Duration.ofHours(6),
            Duration.ofDays(2),
            0);
    assertThat(Dunning.afterDecline(none, 0, 0, SOFT, true, NOW))
        .isEqualTo(new Dunning.Exhausted(false, InvoiceState.OPEN));
  }

  @Test
  void theReasonToldIsTheDeclineCodeElseTheErrorCode() {
    assertThat(Dunning.reason(SOFT)).isEqualTo("insufficient_funds");
    assertThat(Dunning.reason(ChargeResult.declined(null, "resource_missing", null, "gone")))
        .isEqualTo("resource_missing");
  }

  private static CollectionPolicy writeOff() {
    CollectionPolicy defaults = CollectionPolicy.defaults();
    return new CollectionPolicy(
        defaults.retryDelays(),
        CollectionPolicy.ExhaustionPolicy.MARK_UNCOLLECTIBLE,
        defaults.requiresActionExpiry(),
        defaults.processingPollStart(),
        defaults.processingPollMax(),
        0);
  }
}
