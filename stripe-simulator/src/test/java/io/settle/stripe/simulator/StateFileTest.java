package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulator started with a state file finds everything again after a restart: the same objects in
 * the same wire format, events with their delivery state, webhook endpoints with their signing
 * secrets, idempotent results, rolled keys, the clock, and the timers of ACH debits still
 * processing and of open Checkout Sessions.
 */
class StateFileTest {

  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
  private static final String IDEMPOTENT_CHARGE =
      "amount=12000&currency=usd&confirm=true&off_session=true&payment_method=";

  @TempDir Path dir;

  private StripeSimulator simulator;

  @AfterEach
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private StripeSimulator start() {
    return StripeSimulator.builder().clock(FIXED).stateFile(dir.resolve("stripe.json")).start();
  }

  @Test
  void aRestartFindsEveryObjectAsItWasAndCarriesOn() {
    simulator = start();
    String key = TestAccounts.newKey();
    RawHttp http = new RawHttp(simulator, key);
    String customer =
        http.post("/v1/customers", "name=Acme+Ltd&email=ap%40acme.test&metadata[settle]=7")
            .json()
            .get("id")
            .asText();
    String card = attach(http, "pm_card_visa", customer);
    String bank = attach(http, "pm_usBankAccount_success", customer);
    String endpoint =
        http.post(
                "/v1/webhook_endpoints",
                "url=http://127.0.0.1:9/hooks&enabled_events[]=payment_intent.succeeded")
            .json()
            .get("id")
            .asText();
    Map<String, String> idempotencyKey = Map.of("Idempotency-Key", "charge-1");
    RawHttp.Response charged =
        http.post(
            "/v1/payment_intents",
            IDEMPOTENT_CHARGE + card + "&customer=" + customer,
            idempotencyKey);
    String cardIntent = charged.json().get("id").asText();
    String achIntent =
        http.post(
                "/v1/payment_intents",
                "amount=5000&currency=usd&confirm=true&off_session=true&customer="
                    + customer
                    + "&payment_method="
                    + bank
                    + "&automatic_payment_methods[enabled]=true"
                    + "&automatic_payment_methods[allow_redirects]=never")
            .json()
            .get("id")
            .asText();
    String session =
        http.post(
                "/v1/checkout/sessions",
                "mode=payment&customer="
                    + customer
                    + "&success_url=https://merchant.example/paid"
                    + "&cancel_url=https://merchant.example/cancel"
                    + "&line_items[0][price_data][currency]=usd"
                    + "&line_items[0][price_data][unit_amount]=2500"
                    + "&line_items[0][price_data][product_data][name]=INV-7"
                    + "&line_items[0][quantity]=1")
            .json()
            .get("id")
            .asText();
    simulator.advanceClock(Duration.ofHours(1));
    String rolledKey = TestAccounts.newKey();
    simulator.rollKey(key, rolledKey);
    List<String> paths =
        List.of(
            "/v1/customers/" + customer,
            "/v1/customers",
            "/v1/payment_methods/" + card,
            "/v1/payment_methods/" + bank,
            "/v1/payment_intents/" + cardIntent,
            "/v1/payment_intents/" + achIntent,
            "/v1/payment_intents",
            "/v1/events",
            "/v1/webhook_endpoints/" + endpoint,
            "/v1/checkout/sessions/" + session);
    Map<String, String> before = bodies(new RawHttp(simulator, rolledKey), paths);
    Instant now = simulator.now();

    simulator.close();
    simulator = start();

    RawHttp rolled = new RawHttp(simulator, rolledKey);
    assertThat(bodies(rolled, paths)).isEqualTo(before);
    assertThat(simulator.now()).isEqualTo(now);
    assertThat(new RawHttp(simulator, key).get("/v1/customers").status())
        .as("the key rolled before the restart")
        .isEqualTo(401);

    RawHttp.Response replay =
        rolled.post(
            "/v1/payment_intents",
            IDEMPOTENT_CHARGE + card + "&customer=" + customer,
            idempotencyKey);
    assertThat(replay.body()).as("the charge retried under its key").isEqualTo(charged.body());
    assertThat(replay.header("Idempotent-Replayed")).contains("true");
    assertThat(simulator.paymentIntentCount()).isEqualTo(2);

    simulator.advanceClock(Duration.ofDays(4));
    assertThat(rolled.get("/v1/payment_intents/" + achIntent).json().get("status").asText())
        .as("the ACH debit settles on its own")
        .isEqualTo("succeeded");
    assertThat(rolled.get("/v1/checkout/sessions/" + session).json().get("status").asText())
        .as("the open session expires on its own")
        .isEqualTo("expired");
  }

  @Test
  void withoutChangesNothingIsWrittenAgainAndAResetIsKeptToo() throws Exception {
    simulator = start();
    String key = TestAccounts.newKey();
    new RawHttp(simulator, key).post("/v1/customers", "name=Acme");
    simulator.close();
    Path file = dir.resolve("stripe.json");
    var written = Files.getLastModifiedTime(file);

    simulator = start();
    simulator.close();
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);

    simulator = start();
    simulator.reset();
    simulator.close();
    simulator = start();
    assertThat(simulator.paymentIntentCount()).isZero();
    assertThat(new RawHttp(simulator, key).get("/v1/customers").json().get("data")).isEmpty();
  }

  private static String attach(RawHttp http, String magicId, String customer) {
    return http.post("/v1/payment_methods/" + magicId + "/attach", "customer=" + customer)
        .json()
        .get("id")
        .asText();
  }

  private static Map<String, String> bodies(RawHttp http, List<String> paths) {
    Map<String, String> bodies = new LinkedHashMap<>();
    paths.forEach(path -> bodies.put(path, http.get(path).body()));
    return bodies;
  }
}
