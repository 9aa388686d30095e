package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import io.settle.stripe.simulator.control.SimulatedError;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

  private StripeSimulator simulator;
  private final String key = TestAccounts.newKey();
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    this.stripe = TestAccounts.client(simulator, key);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private static RequestOptions idempotent(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  private static PaymentIntentCreateParams charge(long amount, String paymentMethod) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .setPaymentMethod(paymentMethod)
        .setConfirm(true)
        .setOffSession(true)
        .putMetadata("invoice_id", "inv_1")
        .build();
  }

  @Test
  void requestsAreCountedPerAccountAsWellAsInAll() throws StripeException {
    String otherKey = TestAccounts.newKey();
    StripeClient other = TestAccounts.client(simulator, otherKey);
    stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("inv_1-a1"));
    stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("inv_1-a1"));
    other.v1().paymentIntents().create(charge(2_000, "pm_card_visa"), idempotent("inv_9-a1"));

    assertThat(simulator.requestCount("POST", "/v1/payment_intents")).isEqualTo(3);
    assertThat(simulator.requestCount(key, "POST", "/v1/payment_intents")).isEqualTo(2);
    assertThat(simulator.requestCount(otherKey, "POST", "/v1/payment_intents")).isEqualTo(1);
    assertThat(simulator.requestCount(otherKey, "GET", "/v1/payment_intents")).isZero();
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheSamePaymentIntentAndChargesOnce() throws StripeException {
    PaymentIntent first =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("inv_1-a1"));
    PaymentIntent retry =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("inv_1-a1"));

    assertThat(retry.getId()).isEqualTo(first.getId());
    assertThat(retry.getLatestCharge()).isEqualTo(first.getLatestCharge());
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
    assertThat(simulator.requestCount("POST", "/v1/payment_intents")).isEqualTo(2);
    assertThat(retry.getLastResponse().headers().firstValue("Idempotent-Replayed"))
        .contains("true");
    assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void theReplayIsByteForByteTheFirstResponseMarkedAsReplayed() {
    RawHttp http = new RawHttp(simulator, key);
    String form = "amount=2500&currency=usd&payment_method=pm_card_visa&confirm=true";
    Map<String, String> headers = Map.of("Idempotency-Key", "raw-1");

    RawHttp.Response first = http.post("/v1/payment_intents", form, headers);
    RawHttp.Response replay = http.post("/v1/payment_intents", form, headers);

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(first.header("Idempotent-Replayed")).isEmpty();
    assertThat(replay.header("Idempotent-Replayed")).contains("true");
    assertThat(replay.header("Idempotency-Key")).contains("raw-1");
    assertThat(replay.header("Request-Id")).isPresent().isNotEqualTo(first.header("Request-Id"));
    assertThat(replay.header("Original-Request")).isEqualTo(first.header("Request-Id"));
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithDifferentParametersIsAnIdempotencyError() throws StripeException {
    stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("inv_1-a1"));

    IdempotencyException conflict =
        catchThrowableOfType(
            IdempotencyException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(6_000, "pm_card_visa"), idempotent("inv_1-a1")));

    assertThat(conflict.getStatusCode()).isEqualTo(400);
    assertThat(conflict.getStripeError().getType()).isEqualTo("idempotency_error");
    assertThat(conflict.getMessage())
        .contains("Keys for idempotent requests can only be used with the same parameters");
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void theSameKeyOnAnotherEndpointIsAnIdempotencyError() throws StripeException {
    stripe.v1().customers().create(CustomerCreateParams.builder().build(), idempotent("k-1"));

    IdempotencyException conflict =
        catchThrowableOfType(
            IdempotencyException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_visa"), idempotent("k-1")));

    assertThat(conflict.getMessage()).contains("same endpoint");
  }

  @Test
  void aDeclineIsReplayedWithTheSamePaymentIntent() {
    CardException first =
        catchThrowableOfType(
            CardException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_chargeDeclined"), idempotent("inv_1-a2")));
    CardException replay =
        catchThrowableOfType(
            CardException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_chargeDeclined"), idempotent("inv_1-a2")));

    assertThat(replay.getStripeError().getPaymentIntent().getId())
        .isEqualTo(first.getStripeError().getPaymentIntent().getId());
    assertThat(replay.getDeclineCode()).isEqualTo("generic_decline");
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void aServerErrorIsKeptUnderTheKeySoOnlyANewKeyRunsAgain() throws StripeException {
    simulator.failNext("POST", "/v1/payment_intents", SimulatedError.API_ERROR);

    ApiException first =
        catchThrowableOfType(
            ApiException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_visa"), idempotent("k-500")));
    ApiException replay =
        catchThrowableOfType(
            ApiException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_visa"), idempotent("k-500")));

    assertThat(first.getStatusCode()).isEqualTo(500);
    assertThat(first.getStripeError().getType()).isEqualTo("api_error");
    assertThat(replay.getStatusCode()).isEqualTo(500);
    assertThat(replay.getRequestId()).isNotEqualTo(first.getRequestId());
    assertThat(simulator.paymentIntentCount()).isZero();

    PaymentIntent fresh =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("k-500-b"));
    assertThat(fresh.getStatus()).isEqualTo("succeeded");
  }

  @Test
  void aRateLimitIsNotKeptSoTheRetryWithTheSameKeyRuns() throws StripeException {
    simulator.failNext("POST", "/v1/payment_intents", SimulatedError.RATE_LIMIT);

    RateLimitException limited =
        catchThrowableOfType(
            RateLimitException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(5_000, "pm_card_visa"), idempotent("k-429")));
    PaymentIntent retry =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("k-429"));

    assertThat(limited.getStatusCode()).isEqualTo(429);
    assertThat(limited.getCode()).isEqualTo("rate_limit");
    assertThat(retry.getStatus()).isEqualTo("succeeded");
    assertThat(retry.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void aValidationErrorIsNotKeptSoTheCorrectedRequestMayReuseTheKey() throws StripeException {
    InvalidRequestException invalid =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(charge(0, "pm_card_visa"), idempotent("k-400")));

    PaymentIntent corrected =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("k-400"));

    assertThat(invalid.getParam()).isEqualTo("amount");
    assertThat(corrected.getStatus()).isEqualTo("succeeded");
  }

  @Test
  void keysAreScopedToTheirAccount() throws StripeException {
    StripeClient otherMerchant = TestAccounts.newAccount(simulator);

    PaymentIntent mine =
        stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"), idempotent("shared"));
    PaymentIntent theirs =
        otherMerchant
            .v1()
            .paymentIntents()
            .create(charge(7_000, "pm_card_visa"), idempotent("shared"));

    assertThat(theirs.getId()).isNotEqualTo(mine.getId());
    assertThat(theirs.getAmount()).isEqualTo(7_000);
    assertThat(simulator.paymentIntentCount()).isEqualTo(2);
  }

  @Test
  void stripeJavaAddsItsOwnKeyToEveryPostSoPlainRetriesAreDistinctRequests()
      throws StripeException {
    stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"));
    stripe.v1().paymentIntents().create(charge(5_000, "pm_card_visa"));

    assertThat(simulator.paymentIntentCount()).isEqualTo(2);
  }
}
