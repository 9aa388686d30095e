package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PaymentOutcomesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "succeeded, SUCCEEDED",
    "processing, PENDING",
    "requires_action, PENDING",
    "requires_capture, PENDING",
    "requires_payment_method, DECLINED",
    "canceled, DECLINED",
    "requires_confirmation, UNKNOWN",
    "a_status_stripe_adds_later, UNKNOWN"
  })
  void everyPaymentIntentStatusMapsToOneOutcome(String status, PaymentOutcome expected) {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_1");
    intent.setStatus(status);
    intent.setAmountReceived("succeeded".equals(status) ? 500L : 0L);

    ChargeResult result = PaymentOutcomes.of(intent);

    assertThat(result.outcome()).isEqualTo(expected);
    assertThat(result.paymentIntentId()).isEqualTo("pi_1");
    assertThat(result.status()).isEqualTo(status);
  }

  @Test
  void aSucceededIntentCarriesTheAmountReceived() {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_2");
    intent.setStatus("succeeded");
    intent.setAmountReceived(12_000L);

    assertThat(PaymentOutcomes.of(intent).amountReceived()).isEqualTo(12_000);
  }

  @Test
  void aCardErrorIsADeclineWithStripesCodes() {
    CardException declined =
        new CardException(
            "Your card has insufficient funds.",
            "req_1",
            "card_declined",
            null,
            "insufficient_funds",
            "ch_1",
            402,
            null);

    ChargeResult result = PaymentOutcomes.of(declined);

    assertThat(result.outcome()).isEqualTo(PaymentOutcome.DECLINED);
    assertThat(result.errorCode()).isEqualTo("card_declined");
    assertThat(result.declineCode()).isEqualTo("insufficient_funds");
    assertThat(result.message()).contains("insufficient funds");
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503"})
  void aServerErrorIsUnknownNotADecline(int status) {
    ApiException serverError = new ApiException("boom", "req_2", null, status, null);

    assertThat(PaymentOutcomes.of(serverError).outcome()).isEqualTo(PaymentOutcome.UNKNOWN);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new RateLimitException("slow down", "req", "rate_limit", null, 429, null),
            GatewayException.Kind.RETRYABLE),
        Arguments.of(new ApiConnectionException("reset"), GatewayException.Kind.RETRYABLE),
        Arguments.of(
            new AuthenticationException("bad key", "req", null, 401),
            GatewayException.Kind.AUTHENTICATION),
        Arguments.of(
            new PermissionException("restricted", "req", null, 403),
            GatewayException.Kind.PERMISSION),
        Arguments.of(
            new InvalidRequestException(
                "no such customer", "req", "resource_missing", "customer", 404, null),
            GatewayException.Kind.INVALID_REQUEST),
        Arguments.of(
            new IdempotencyException("different parameters", "req", "idempotency_error", 400),
            GatewayException.Kind.IDEMPOTENCY_CONFLICT));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void everyOtherExceptionClassIsAGatewayFailureOfItsKind(
      StripeException exception, GatewayException.Kind kind) {
    assertThatThrownBy(() -> PaymentOutcomes.of(exception))
        .isInstanceOfSatisfying(
            GatewayException.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(kind);
              assertThat(failure.requestId()).isEqualTo(exception.getRequestId());
              assertThat(failure.kind().retryable())
                  .isEqualTo(kind == GatewayException.Kind.RETRYABLE);
            });
  }
}
