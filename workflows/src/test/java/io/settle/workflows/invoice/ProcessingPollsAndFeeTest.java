package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small rules: how often a processing payment is asked about, and the processing fee. */
class ProcessingPollsAndFeeTest {

  @ParameterizedTest(name = "after {0} h the next poll waits {1} h")
  @CsvSource({"6, 12", "12, 24", "24, 48", "48, 48"})
  void pollsDoubleUpToTheLongestWait(long hours, long nextHours) {
    CollectionPolicy policy = CollectionPolicy.defaults(); // 6 h, at most 2 days

    assertThat(ProcessingPolls.first(policy)).isEqualTo(Duration.ofHours(6));
    assertThat(ProcessingPolls.next(Duration.ofHours(hours), policy))
        .isEqualTo(Duration.ofHours(nextHours));
  }

  @ParameterizedTest(name = "{1} bp of {0} is {2}")
  @CsvSource({
    "1001, 250, 25", // 25.025
    "1020, 250, 26", // 25.5 rounds half up
    "12000, 250, 300",
    "999, 0, 0",
    "1, 1, 0",
    "5000, 1, 1" // 0.5 rounds half up
  })
  void theFeeIsRoundedHalfUpAtTheMinorUnit(long amount, int basisPoints, long fee) {
    assertThat(ProcessingFee.of(amount, basisPoints)).isEqualTo(fee);
  }

  @ParameterizedTest(name = "problem {0} times in a row: wait {1} h")
  @CsvSource({"1, 1", "2, 2", "3, 4", "5, 16", "6, 24", "40, 24"})
  void aProblemIsTriedAgainFromAnHourDoublingToADay(int tries, long hours) {
    InvoiceProblem problem =
        new InvoiceProblem(InvoiceProblem.Kind.ACTIVITY_FAILED, "X", "x", null, tries);

    assertThat(problem.retryDelay()).isEqualTo(Duration.ofHours(hours));
  }
}
