package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.settle.stripe.simulator.control.SimulatedError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON and headers on the wire, checked without stripe-java in between. */
class WireFormatTest {

  private StripeSimulator simulator;
  private RawHttp http;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    this.http = new RawHttp(simulator, TestAccounts.newKey());
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void objectsCarryStripesCommonFieldsAndNestedFormParameters() {
    RawHttp.Response response =
        http.post(
            "/v1/payment_intents",
            "amount=1200&currency=usd&metadata[invoice_id]=inv_7&metadata%5Bnote%5D=a+b"
                + "&payment_method_types[]=card&payment_method=pm_card_visa");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.header("Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("req_[A-Za-z0-9]{14}"));
    assertThat(response.header("Stripe-Version")).isPresent();
    JsonNode intent = response.json();
    assertThat(intent.path("id").asText()).startsWith("pi_");
    assertThat(intent.path("object").asText()).isEqualTo("payment_intent");
    assertThat(intent.path("created").isIntegralNumber()).isTrue();
    assertThat(intent.path("livemode").isBoolean()).isTrue();
    assertThat(intent.path("livemode").asBoolean()).isFalse();
    assertThat(intent.path("metadata").path("invoice_id").asText()).isEqualTo("inv_7");
    assertThat(intent.path("metadata").path("note").asText()).isEqualTo("a b");
    assertThat(intent.path("payment_method_types").get(0).asText()).isEqualTo("card");
    assertThat(intent.path("amount_received").asLong()).isZero();
    assertThat(intent.has("next_action")).isTrue();
    assertThat(intent.has("return_url")).isFalse();
    assertThat(intent.has("off_session")).isFalse();
  }

  @Test
  void emptyMetadataIsAnObjectAndListsUseStripesEnvelope() {
    http.post("/v1/customers", "name=Acme");

    JsonNode list = http.get("/v1/customers?limit=5").json();

    assertThat(list.path("object").asText()).isEqualTo("list");
    assertThat(list.path("url").asText()).isEqualTo("/v1/customers");
    assertThat(list.path("has_more").asBoolean()).isFalse();
    assertThat(list.path("data").isArray()).isTrue();
    JsonNode customer = list.path("data").get(0);
    assertThat(customer.path("metadata").isObject()).isTrue();
    assertThat(customer.path("metadata").size()).isZero();
    assertThat(customer.path("invoice_settings").has("default_payment_method")).isTrue();
  }

  @Test
  void cardErrorsAreNotToBeRetriedAndCarryThePaymentIntent() {
    RawHttp.Response declined =
        http.post(
            "/v1/payment_intents",
            "amount=1200&currency=usd&payment_method=pm_card_visa_chargeDeclined&confirm=true");

    assertThat(declined.status()).isEqualTo(402);
    assertThat(declined.header("Stripe-Should-Retry")).contains("false");
    JsonNode error = declined.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo("card_error");
    assertThat(error.path("code").asText()).isEqualTo("card_declined");
    assertThat(error.path("decline_code").asText()).isEqualTo("generic_decline");
    assertThat(error.path("doc_url").asText())
        .isEqualTo("https://stripe.com/docs/error-codes/card-declined");
    assertThat(error.path("request_log_url").asText())
        .contains(declined.header("Request-Id").orElseThrow());
    assertThat(error.path("payment_intent").path("status").asText())
        .isEqualTo("requires_payment_method");
    assertThat(
            error.path("payment_intent").path("last_payment_error").path("decline_code").asText())
        .isEqualTo("generic_decline");
    assertThat(error.has("param")).isFalse();
  }

  @Test
  void serverErrorsAndRateLimitsAskForARetry() {
    simulator.failNext("GET", "/v1/balance", SimulatedError.API_ERROR);
    simulator.failNext("GET", "/v1/balance", SimulatedError.LOCK_TIMEOUT);

    RawHttp.Response serverError = http.get("/v1/balance");
    RawHttp.Response lockTimeout = http.get("/v1/balance");
    RawHttp.Response fine = http.get("/v1/balance");

    assertThat(serverError.status()).isEqualTo(500);
    assertThat(serverError.header("Stripe-Should-Retry")).contains("true");
    assertThat(serverError.json().path("error").path("type").asText()).isEqualTo("api_error");
    assertThat(lockTimeout.status()).isEqualTo(429);
    assertThat(lockTimeout.header("Stripe-Should-Retry")).contains("true");
    assertThat(lockTimeout.json().path("error").path("code").asText()).isEqualTo("lock_timeout");
    assertThat(fine.status()).isEqualTo(200);
    assertThat(fine.header("Stripe-Should-Retry")).isEmpty();
  }

  @Test
  void unknownUrlsAreStripes404() {
    RawHttp.Response response = http.get("/v1/refunds_of_the_future");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("error").path("message").asText())
        .startsWith("Unrecognized request URL (GET: /v1/refunds_of_the_future).");
  }

  @Test
  void missingRequiredParametersNameTheParameter() {
    RawHttp.Response response = http.post("/v1/payment_intents", "currency=usd");

    assertThat(response.status()).isEqualTo(400);
    JsonNode error = response.json().path("error");
    assertThat(error.path("code").asText()).isEqualTo("parameter_missing");
    assertThat(error.path("param").asText()).isEqualTo("amount");
    assertThat(error.path("message").asText()).isEqualTo("Missing required param: amount.");
  }

  @Test
  void getParametersComeFromTheQueryString() {
    http.post("/v1/customers", "email=a%40acme.test&name=A");
    http.post("/v1/customers", "email=b%40acme.test&name=B");

    JsonNode list = http.get("/v1/customers?email=b%40acme.test").json();

    assertThat(list.path("data").size()).isEqualTo(1);
    assertThat(list.path("data").get(0).path("name").asText()).isEqualTo("B");
  }
}
