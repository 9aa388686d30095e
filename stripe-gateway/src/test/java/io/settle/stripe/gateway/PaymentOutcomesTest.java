package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.exception.oauth.InvalidGrantException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
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
  void everyPaymentIntentStatusMapsToOneOutcome(String status, PaymentResult.Outcome expected) {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_1");
    intent.setStatus(status);
    intent.setAmountReceived("succeeded".equals(status) ? 500L : 0L);

    PaymentResult result = PaymentOutcomes.of(intent);

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

    PaymentResult result = PaymentOutcomes.of(declined);

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    assertThat(result.errorCode()).isEqualTo("card_declined");
    assertThat(result.declineCode()).isEqualTo("insufficient_funds");
    assertThat(result.message()).contains("insufficient funds");
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503"})
  void aServerErrorIsUnknownNotADecline(int status) {
    ApiException serverError = new ApiException("boom", "req_2", null, status, null);

    assertThat(PaymentOutcomes.of(serverError).outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new RateLimitException("slow down", "req", "rate_limit", null, 429, null),
            GatewayException.Kind.RETRYABLE),
        Arguments.of(new ApiConnectionException("reset"), GatewayException.Kind.RETRYABLE),
        Arguments.of(
            new ApiException("lock timeout", "req", "lock_timeout", 409, null),
            GatewayException.Kind.RETRYABLE),
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
            GatewayException.Kind.IDEMPOTENCY_CONFLICT),
        Arguments.of(
            new InvalidGrantException("invalid_grant", "expired", "req", 400, null),
            GatewayException.Kind.AUTHENTICATION),
        Arguments.of(
            new SignatureVerificationException("no signature", "t=1"),
            GatewayException.Kind.INVALID_REQUEST),
        Arguments.of(
            new EventDataObjectDeserializationException("newer api version", "{}"),
            GatewayException.Kind.INVALID_REQUEST));
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
              assertThat(failure.httpStatus()).isEqualTo(exception.getStatusCode());
              assertThat(failure.kind().retryable())
                  .isEqualTo(kind == GatewayException.Kind.RETRYABLE);
            });
  }

  @ParameterizedTest
  @MethodSource("failures")
  void readsAndWritesAgreeOnEverythingButServerErrors(
      StripeException exception, GatewayException.Kind kind) {
    assertThat(PaymentOutcomes.failure(exception, PaymentOutcomes.Call.READ).kind())
        .isEqualTo(kind);
    assertThat(PaymentOutcomes.failure(exception, PaymentOutcomes.Call.WRITE).kind())
        .isEqualTo(kind);
  }

  @Test
  void aServerErrorOnAReadIsRetryableButOnAWriteItsOutcomeIsUnknown() {
    ApiException serverError = new ApiException("boom", "req_5", "api_error", 500, null);

    GatewayException read = PaymentOutcomes.failure(serverError, PaymentOutcomes.Call.READ);
    GatewayException write = PaymentOutcomes.failure(serverError, PaymentOutcomes.Call.WRITE);

    assertThat(read.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
    // Stripe keeps a 500 under the key: a retry would replay it, so the caller looks up instead.
    assertThat(write.kind()).isEqualTo(GatewayException.Kind.OUTCOME_UNKNOWN);
    assertThat(write.kind().retryable()).isFalse();
    assertThat(write.requestId()).isEqualTo("req_5");
    assertThat(write.httpStatus()).isEqualTo(500);
  }

  @Test
  void aCardErrorOutsideAChargeIsANonRetryableDeclineWithStripesCodes() {
    CardException declined =
        new CardException(
            "Your card was declined.",
            "req_6",
            "card_declined",
            null,
            "do_not_honor",
            null,
            402,
            null);

    GatewayException failure = PaymentOutcomes.failure(declined, PaymentOutcomes.Call.WRITE);

    assertThat(failure.kind()).isEqualTo(GatewayException.Kind.DECLINED);
    assertThat(failure.kind().retryable()).isFalse();
    assertThat(failure.code()).isEqualTo("card_declined");
    assertThat(failure.declineCode()).isEqualTo("do_not_honor");
    assertThat(failure.requestId()).isEqualTo("req_6");
    assertThat(failure.httpStatus()).isEqualTo(402);
  }

  @Test
  void aDeclineCarriesThePaymentIntentStripeAttachedToTheError() {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_9");
    intent.setStatus("requires_payment_method");
    StripeError error = new StripeError();
    error.setPaymentIntent(intent);
    error.setMessage("Your card has expired.");
    CardException declined =
        new CardException(
            "Your card has expired.", "req_7", "expired_card", null, null, null, 402, null);
    declined.setStripeError(error);

    PaymentResult result = PaymentOutcomes.of(declined);

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    assertThat(result.paymentIntentId()).isEqualTo("pi_9");
    assertThat(result.status()).isEqualTo("requires_payment_method");
    assertThat(result.message()).isEqualTo("Your card has expired.");
  }

  @Test
  void aDeclinedIntentCarriesItsLastPaymentError() {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_10");
    intent.setStatus("requires_payment_method");
    StripeError error = new StripeError();
    error.setCode("card_declined");
    error.setDeclineCode("insufficient_funds");
    error.setMessage("Your card has insufficient funds.");
    intent.setLastPaymentError(error);

    PaymentResult result = PaymentOutcomes.of(intent);

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    assertThat(result.errorCode()).isEqualTo("card_declined");
    assertThat(result.declineCode()).isEqualTo("insufficient_funds");
    assertThat(result.amountReceived()).isZero();
  }

  @Test
  void anIntentWithoutAStatusIsUnknown() {
    PaymentIntent intent = new PaymentIntent();
    intent.setId("pi_11");

    assertThat(PaymentOutcomes.of(intent).outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
  }
}
