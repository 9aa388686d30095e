package io.settle.stripe.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  private final IdempotencyKeys keys = new IdempotencyKeys();
  private final AtomicInteger executions = new AtomicInteger();

  private WireResponse respond(int status) {
    executions.incrementAndGet();
    return new WireResponse(status, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  void aRetryArrivingWhileTheFirstRequestStillRunsGetsStripes409() {
    assertThatThrownBy(
            () ->
                keys.run(
                    "acct_1",
                    "key-1",
                    "req_first",
                    "POST",
                    "/v1/payment_intents",
                    Map.of("amount", "100"),
                    () ->
                        keys.run(
                            "acct_1",
                            "key-1",
                            "req_second",
                            "POST",
                            "/v1/payment_intents",
                            Map.of("amount", "100"),
                            () -> respond(200))))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.body().code()).isEqualTo("idempotency_key_in_use");
              assertThat(e.shouldRetry()).isTrue();
            });
    assertThat(executions).hasValue(0);
  }

  @Test
  void aFailedFirstAttemptReleasesTheKey() {
    assertThatThrownBy(
            () ->
                keys.run(
                    "acct_1",
                    "key-1",
                    "req_1",
                    "POST",
                    "/v1/customers",
                    Map.of(),
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);

    WireResponse response =
        keys.run("acct_1", "key-1", "req_2", "POST", "/v1/customers", Map.of(), () -> respond(200));

    assertThat(response.headers()).doesNotContainKey("Idempotent-Replayed");
  }

  @Test
  void keptResultsAreSuccessesDeclinesAndServerErrorsButNotValidationErrorsOrRateLimits() {
    for (int status : new int[] {200, 402, 500, 400, 404, 429}) {
      String key = "key-" + status;
      keys.run("acct_1", key, "req_a", "POST", "/v1/x", Map.of(), () -> respond(status));
      WireResponse again =
          keys.run("acct_1", key, "req_b", "POST", "/v1/x", Map.of(), () -> respond(200));
      boolean replayed = again.headers().containsKey("Idempotent-Replayed");
      assertThat(replayed)
          .as("status %d kept", status)
          .isEqualTo(status == 200 || status == 402 || status == 500);
    }
  }

  @Test
  void keysAreScopedPerAccount() {
    keys.run("acct_1", "shared", "req_1", "POST", "/v1/x", Map.of("a", "1"), () -> respond(200));

    WireResponse other =
        keys.run(
            "acct_2", "shared", "req_2", "POST", "/v1/x", Map.of("a", "2"), () -> respond(200));

    assertThat(other.headers()).doesNotContainKey("Idempotent-Replayed");
    assertThat(executions).hasValue(2);
  }
}
