package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's own surface: counters, reset, and the HTTP control API. */
class SimulatorControlTest {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    this.stripe = TestAccounts.newAccount(simulator);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private PaymentIntent charge() throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L)
                .setCurrency("usd")
                .setPaymentMethod("pm_card_visa")
                .build());
  }

  @Test
  void startsOnAnEphemeralLoopbackPort() {
    try (StripeSimulator another = StripeSimulator.start(0)) {
      assertThat(another.port()).isPositive().isNotEqualTo(simulator.port());
      assertThat(another.baseUrl()).isEqualTo("http://127.0.0.1:" + another.port());
    }
  }

  @Test
  void requestsAreCountedByConcretePathOrPattern() throws StripeException {
    PaymentIntent first = charge();
    PaymentIntent second = charge();
    stripe.v1().paymentIntents().confirm(first.getId());
    stripe.v1().paymentIntents().retrieve(second.getId());

    assertThat(simulator.requestCount("POST", "/v1/payment_intents")).isEqualTo(2);
    assertThat(simulator.requestCount("POST", "/v1/payment_intents/{id}/confirm")).isEqualTo(1);
    assertThat(simulator.requestCount("POST", "/v1/payment_intents/*/confirm")).isEqualTo(1);
    assertThat(simulator.requestCount("GET", "/v1/payment_intents/" + second.getId())).isEqualTo(1);
    assertThat(simulator.requestCount("GET", "/v1/payment_intents/{id}")).isEqualTo(1);
    assertThat(simulator.requestCount("post", "/v1/customers")).isZero();
    assertThat(simulator.paymentIntentCount()).isEqualTo(2);
  }

  @Test
  void resetForgetsObjectsAndCounters() throws StripeException {
    Customer customer =
        stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build());
    charge();

    simulator.reset();

    assertThat(simulator.paymentIntentCount()).isZero();
    assertThat(simulator.requestCount("POST", "/v1/customers")).isZero();
    InvalidRequestException gone =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().customers().retrieve(customer.getId()));
    assertThat(gone.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void theControlApiServesToolsOutsideTheJvm() throws StripeException {
    RawHttp control = new RawHttp(simulator, null);
    charge();

    assertThat(control.get("/_simulator/health").json().path("status").asText()).isEqualTo("ok");
    assertThat(control.get("/_simulator/stats").json().path("payment_intents").asInt())
        .isEqualTo(1);
    assertThat(
            control
                .get("/_simulator/requests?method=POST&path=/v1/payment_intents")
                .json()
                .path("count")
                .asLong())
        .isEqualTo(1);

    RawHttp.Response armed =
        control.post("/_simulator/fail_next", "method=GET&path=/v1/balance&error=rate_limit");
    assertThat(armed.status()).isEqualTo(200);
    RawHttp.Response limited = new RawHttp(simulator, TestAccounts.newKey()).get("/v1/balance");
    assertThat(limited.status()).isEqualTo(429);

    assertThat(control.post("/_simulator/reset", "").status()).isEqualTo(200);
    assertThat(simulator.paymentIntentCount()).isZero();
    assertThat(control.get("/_simulator/nothing").status()).isEqualTo(404);
    assertThat(control.post("/_simulator/fail_next", "method=GET").status()).isEqualTo(400);
  }
}
