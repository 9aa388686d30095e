package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.HardDeclines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which declines no retry of the same method can turn into a payment. */
class HardDeclinesTest {

  @ParameterizedTest(name = "{0} / {1}: hard {2}")
  @CsvSource({
    "card_declined, lost_card, true",
    "card_declined, stolen_card, true",
    "card_declined, fraudulent, true",
    "card_declined, do_not_try_again, true",
    "card_declined, expired_card, true",
    "expired_card, , true",
    "incorrect_number, , true",
    "payment_method_missing, , true",
    "resource_missing, , true",
    "card_declined, insufficient_funds, false",
    "card_declined, generic_decline, false",
    "card_declined, do_not_honor, false",
    "card_declined, , false",
    "authentication_required, , false",
    "processing_error, , false",
    ", , false"
  })
  void hardDeclinesStopDunning(String errorCode, String declineCode, boolean hard) {
    assertThat(HardDeclines.isHard(ChargeResult.declined("pi_1", errorCode, declineCode, "m")))
        .isEqualTo(hard);
  }
}
