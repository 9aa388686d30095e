package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import io.settle.stripe.simulator.control.SimulatedError;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults armed per route: before or after the effect, held responses, resets and throttles. */
class FaultInjectionTest {

  private StripeSimulator simulator;
  private String key;
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    key = TestAccounts.newKey();
    stripe = noRetries(key);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private StripeClient noRetries(String apiKey) {
    return StripeClient.builder()
        .setApiKey(apiKey)
        .setApiBase(simulator.baseUrl())
        .setMaxNetworkRetries(0)
        .build();
  }

  private List<Customer> customers() throws StripeException {
    return stripe.v1().customers().list(CustomerListParams.builder().build()).getData();
  }

  private static CustomerCreateParams acme() {
    return CustomerCreateParams.builder().setName("Acme").build();
  }

  @Test
  void aFailureBeforeTheEffectChangesNothingForTheArmedNumberOfRequests() throws Exception {
    simulator.failBefore("POST", "/v1/customers", SimulatedError.API_ERROR, 2);

    for (int i = 0; i < 2; i++) {
      ApiException failed =
          catchThrowableOfType(ApiException.class, () -> stripe.v1().customers().create(acme()));
      assertThat(failed.getStatusCode()).isEqualTo(500);
    }
    assertThat(customers()).isEmpty();

    Customer third = stripe.v1().customers().create(acme());
    assertThat(customers()).extracting(Customer::getId).containsExactly(third.getId());
  }

  @Test
  void aFailureAfterTheEffectKeepsTheObjectAndTheFiveHundredUnderTheKey() throws Exception {
    simulator.failAfter("POST", "/v1/customers", 1);
    RawHttp raw = new RawHttp(simulator, key);

    RawHttp.Response first =
        raw.post("/v1/customers", "name=Acme", Map.of("Idempotency-Key", "k1"));
    RawHttp.Response retry =
        raw.post("/v1/customers", "name=Acme", Map.of("Idempotency-Key", "k1"));

    assertThat(first.status()).isEqualTo(500);
    assertThat(first.json().path("error").path("type").asText()).isEqualTo("api_error");
    assertThat(first.header("Stripe-Should-Retry")).contains("true");
    assertThat(customers()).hasSize(1);
    assertThat(retry.status()).isEqualTo(500);
    assertThat(retry.header("Idempotent-Replayed")).contains("true");
    assertThat(customers()).hasSize(1);
  }

  @Test
  void aTimeoutAfterTheEffectIsResolvedByRetryingWithTheSameKey() throws Exception {
    simulator.timeoutAfter("POST", "/v1/customers", Duration.ofMinutes(5), 1);
    StripeClient impatient =
        StripeClient.builder()
            .setApiKey(key)
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(0)
            .setReadTimeout(300)
            .build();
    var options = com.stripe.net.RequestOptions.builder().setIdempotencyKey("create-acme").build();

    ApiConnectionException timedOut =
        catchThrowableOfType(
            ApiConnectionException.class, () -> impatient.v1().customers().create(acme(), options));
    assertThat(timedOut).isNotNull();
    assertThat(customers()).hasSize(1);

    Customer retried = impatient.v1().customers().create(acme(), options);
    assertThat(customers()).extracting(Customer::getId).containsExactly(retried.getId());
  }

  @Test
  void stripeJavaRecoversFromATimeoutOnItsOwnWithItsAutomaticIdempotencyKey() throws Exception {
    simulator.timeoutAfter("POST", "/v1/customers", null, 1);
    StripeClient retrying =
        StripeClient.builder()
            .setApiKey(key)
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(2)
            .setReadTimeout(300)
            .build();

    Customer created = retrying.v1().customers().create(acme());

    assertThat(customers()).extracting(Customer::getId).containsExactly(created.getId());
    assertThat(simulator.requestCount("POST", "/v1/customers")).isEqualTo(2);
  }

  @Test
  void aHeldResponseNeverAnsweredDoesNotBlockOtherRequests() throws Exception {
    simulator.timeoutAfter("GET", "/v1/balance", null, 3);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest balance =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/balance"))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofMillis(300))
            .build();

    for (int i = 0; i < 3; i++) {
      catchThrowableOfType(
          HttpTimeoutException.class,
          () -> http.send(balance, HttpResponse.BodyHandlers.ofString()));
    }

    assertThat(stripe.v1().customers().create(acme()).getId()).startsWith("cus_");
    assertThat(http.send(balance, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  // Raw HTTP rather than stripe-java: its HttpURLConnection may silently resend a POST whose
  // connection was reset (sun.net.http.retryPost), which would hide the fault.
  private IOException createThroughAResetConnection() {
    HttpRequest create =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/customers"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("name=Acme"))
            .build();
    return catchThrowableOfType(
        IOException.class,
        () -> HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void aConnectionResetBeforeTheEffectLeavesNothingBehind() throws Exception {
    simulator.resetConnection("POST", "/v1/customers", false, 1);

    assertThat(createThroughAResetConnection()).isNotNull();
    assertThat(customers()).isEmpty();
  }

  @Test
  void aConnectionResetAfterTheEffectLeavesTheObject() throws Exception {
    simulator.resetConnection("POST", "/v1/customers", true, 1);

    assertThat(createThroughAResetConnection()).isNotNull();
    assertThat(customers()).hasSize(1);
  }

  @Test
  void aThrottleRefusesAnExactFractionOfMatchingRequests() {
    simulator.throttle("GET", "/v1/balance", 0.5);
    RawHttp raw = new RawHttp(simulator, key);

    List<Integer> statuses =
        List.of(
            raw.get("/v1/balance").status(),
            raw.get("/v1/balance").status(),
            raw.get("/v1/balance").status(),
            raw.get("/v1/balance").status());
    RawHttp.Response refused = raw.get("/v1/balance");
    RawHttp.Response other = raw.get("/v1/account");

    assertThat(statuses).containsExactly(200, 429, 200, 429);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(other.status()).isEqualTo(200);
    simulator.clearFaults();
    assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
    assertThat(raw.get("/v1/balance").status()).isEqualTo(200);
  }

  @Test
  void aFaultArmedSometimesHitsAnExactEvenShareAndAFailureAfterKeepsTheEffect() throws Exception {
    simulator.sometimes("POST", "/v1/customers", Fault.failAfter(ApiError.internal()), 0.3);
    RawHttp raw = new RawHttp(simulator, key);

    List<Integer> failed = new ArrayList<>();
    for (int request = 1; request <= 20; request++) {
      int status = raw.post("/v1/customers", "name=Acme").status();
      assertThat(status).isIn(200, 500);
      if (status == 500) {
        failed.add(request);
      }
    }

    // 0.3 accumulates to a whole failure on the 4th, 7th, 10th, … request: 6 of 20.
    assertThat(failed).containsExactly(4, 7, 10, 14, 17, 20);
    assertThat(raw.get("/v1/customers?limit=100").json().path("data").size()).isEqualTo(20);
    simulator.clearFaults();
    assertThat(raw.post("/v1/customers", "name=Acme").status()).isEqualTo(200);
  }

  @Test
  void faultsArmedSometimesOnOneRouteNeverShareARequest() {
    simulator.sometimes("GET", "/v1/balance", Fault.failBefore(ApiError.internal()), 0.5);
    simulator.throttle("GET", "/v1/balance", 0.25);
    RawHttp raw = new RawHttp(simulator, key);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      statuses.add(raw.get("/v1/balance").status());
    }

    // The throttle's turn falls on the 4th and 8th, which the first fault already took: it waits
    // for the next free request, the 5th and 9th, instead of hitting a request twice.
    assertThat(statuses).containsExactly(200, 500, 200, 500, 429, 500, 200, 500, 429);
  }

  @Test
  void theControlApiArmsAFaultForAFractionOfRequestsIgnoringTimes() {
    RawHttp control = new RawHttp(simulator, null);
    RawHttp raw = new RawHttp(simulator, key);

    RawHttp.Response armed =
        control.post(
            "/_simulator/faults",
            "method=POST&path=/v1/customers&fault=fail_before&error=lock_timeout&fraction=0.5"
                + "&times=1");

    assertThat(armed.status()).isEqualTo(200);
    assertThat(armed.json().path("fraction").asDouble()).isEqualTo(0.5);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(raw.post("/v1/customers", "name=Acme").status());
    }
    assertThat(statuses).containsExactly(200, 429, 200, 429, 200, 429);
    assertThat(raw.get("/v1/customers").json().path("data").size()).isEqualTo(3);
    assertThat(
            control
                .post("/_simulator/faults", "method=GET&path=/x&fault=fail_after&fraction=0")
                .status())
        .isEqualTo(400);
    assertThat(
            control
                .post("/_simulator/faults", "method=GET&path=/x&fault=reset_after&fraction=half")
                .status())
        .isEqualTo(400);
    assertThat(control.delete("/_simulator/faults").status()).isEqualTo(200);
    assertThat(raw.post("/v1/customers", "name=Acme").status()).isEqualTo(200);
    assertThat(raw.post("/v1/customers", "name=Acme").status()).isEqualTo(200);
  }

  @Test
  void theControlApiMakesABurstOfThrottlingThatEndsByItself() {
    RawHttp control = new RawHttp(simulator, null);
    RawHttp raw = new RawHttp(simulator, key);
    simulator.failAfter("POST", "/v1/customers", 1);

    RawHttp.Response burst =
        control.post(
            "/_simulator/faults",
            "method=GET&path=/v1/balance&fault=throttle&fraction=1&duration_ms=600000");
    assertThat(burst.json().path("duration_ms").asLong()).isEqualTo(600_000);
    assertThat(raw.get("/v1/balance").status()).isEqualTo(429);
    control.post(
        "/_simulator/faults",
        "method=GET&path=/v1/account&fault=throttle&fraction=1&duration_ms=1");

    // The lapse itself is shown with a clock the test moves, in InjectedFaultsTest; here only
    // that the duration reaches it, the 10-minute burst holds and the other fault stays armed.
    Eventually.until("the short burst lapses", () -> raw.get("/v1/account").status() == 200);
    assertThat(raw.get("/v1/balance").status()).isEqualTo(429);
    assertThat(raw.post("/v1/customers", "name=Acme").status()).isEqualTo(500);
    assertThat(
            control
                .post(
                    "/_simulator/faults",
                    "method=GET&path=/v1/balance&fault=throttle&fraction=1&duration_ms=0")
                .status())
        .isEqualTo(400);
  }

  @Test
  void requestsAreCountedPerRouteTemplate() throws Exception {
    Customer customer = stripe.v1().customers().create(acme());
    stripe.v1().customers().retrieve(customer.getId());
    stripe.v1().customers().retrieve(customer.getId());

    assertThat(simulator.routeCounts())
        .containsEntry("POST /v1/customers", 1L)
        .containsEntry("GET /v1/customers/{id}", 2L)
        .doesNotContainKey("GET /v1/balance");
  }

  @Test
  void theControlApiArmsFaultsAndCountsRoutes() {
    RawHttp control = new RawHttp(simulator, null);
    RawHttp raw = new RawHttp(simulator, key);

    assertThat(
            control
                .post(
                    "/_simulator/faults", "method=POST&path=/v1/customers&fault=fail_after&times=1")
                .status())
        .isEqualTo(200);
    assertThat(raw.post("/v1/customers", "name=Acme").status()).isEqualTo(500);
    assertThat(raw.get("/v1/customers").json().path("data").size()).isEqualTo(1);

    control.post(
        "/_simulator/faults", "method=GET&path=/v1/customers&fault=fail_before&error=lock_timeout");
    RawHttp.Response locked = raw.get("/v1/customers");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().path("error").path("code").asText()).isEqualTo("lock_timeout");

    control.post("/_simulator/faults", "method=GET&path=/v1/account&fault=throttle&fraction=1");
    assertThat(raw.get("/v1/account").status()).isEqualTo(429);
    assertThat(control.delete("/_simulator/faults").status()).isEqualTo(200);
    assertThat(raw.get("/v1/account").status()).isEqualTo(200);

    var routes = control.get("/_simulator/routes").json();
    assertThat(routes.path("POST /v1/customers").asLong()).isEqualTo(1);
    assertThat(routes.path("GET /v1/customers").asLong()).isEqualTo(2);
    assertThat(control.post("/_simulator/faults", "method=GET&path=/x&fault=bogus").status())
        .isEqualTo(400);
  }
}
