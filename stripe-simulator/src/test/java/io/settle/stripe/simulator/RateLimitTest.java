package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.RateLimitException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stripe's per-account requests-per-second limit, on a clock that only moves when told. */
class RateLimitTest {

  private static final Clock FROZEN =
      Clock.fixed(Instant.parse("2026-03-02T10:00:00.250Z"), ZoneOffset.UTC);

  private StripeSimulator simulator;
  private String key;
  private RawHttp raw;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.builder().clock(FROZEN).rateLimit(3, 2).start();
    key = TestAccounts.newKey();
    raw = new RawHttp(simulator, key);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void readsOverTheLimitInOneSecondAreRefusedAsStripeRefusesThem() {
    for (int i = 0; i < 3; i++) {
      assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
    }

    RawHttp.Response refused = raw.get("/v1/balance");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit");
    assertThat(refused.header("Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    assertThat(refused.header("Stripe-Should-Retry")).contains("true");
    assertThat(refused.header("Stripe-Rate-Limited-Reason")).contains("global-rate");
  }

  @Test
  void writesHaveTheirOwnBudgetAndStripeJavaSeesARateLimitException() {
    StripeClient stripe =
        StripeClient.builder()
            .setApiKey(key)
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(0)
            .build();
    assertThat(raw.post("/v1/customers", "name=A").status()).isEqualTo(200);
    assertThat(raw.post("/v1/customers", "name=B").status()).isEqualTo(200);

    RateLimitException refused =
        catchThrowableOfType(
            RateLimitException.class,
            () ->
                stripe
                    .v1()
                    .customers()
                    .create(com.stripe.param.CustomerCreateParams.builder().build()));

    assertThat(refused.getStatusCode()).isEqualTo(429);
    assertThat(refused.getCode()).isEqualTo("rate_limit");
    assertThat(raw.get("/v1/customers").json().path("data").size()).isEqualTo(2);
  }

  @Test
  void eachAccountHasItsOwnLimit() {
    for (int i = 0; i < 3; i++) {
      raw.get("/v1/balance");
    }
    assertThat(raw.get("/v1/balance").status()).isEqualTo(429);

    assertThat(new RawHttp(simulator, TestAccounts.newKey()).get("/v1/balance").status())
        .isEqualTo(200);
  }

  @Test
  void theNextSecondBringsANewBudget() {
    for (int i = 0; i < 3; i++) {
      raw.get("/v1/balance");
    }
    assertThat(raw.get("/v1/balance").status()).isEqualTo(429);

    simulator.advanceClock(Duration.ofSeconds(1));

    assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
  }

  @Test
  void limitsAreChangedOrTurnedOffThroughJavaAndTheControlApi() {
    simulator.rateLimit(1, 0);
    assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
    assertThat(raw.get("/v1/balance").status()).isEqualTo(429);
    for (int i = 0; i < 5; i++) {
      assertThat(raw.post("/v1/customers", "name=A").status()).isEqualTo(200);
    }

    RawHttp control = new RawHttp(simulator, null);
    assertThat(
            control
                .post("/_simulator/rate_limit", "reads_per_second=0&writes_per_second=0")
                .status())
        .isEqualTo(200);
    for (int i = 0; i < 5; i++) {
      assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
    }
    assertThat(control.get("/_simulator/rate_limit").json().path("reads_per_second").asInt())
        .isZero();
  }
}
