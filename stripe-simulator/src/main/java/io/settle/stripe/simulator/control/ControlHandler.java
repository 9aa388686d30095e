package io.settle.stripe.simulator.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.settle.stripe.simulator.events.WebhookFaults;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import io.settle.stripe.simulator.http.FormDecoder;
import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.state.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's own API under {@code /_simulator}, for tests and tools outside the JVM (the
 * standalone process, docker compose health checks). No authentication: it is a test double.
 * Parameters go in the query string or a form body. Each call has a Java twin on {@code
 * StripeSimulator}, named in brackets.
 *
 * <ul>
 *   <li>{@code GET /_simulator/health}
 *   <li>{@code POST /_simulator/reset}: forget all accounts, keys, faults (webhook faults, their
 *       counts and dropped events too), timers and counters [{@code reset()}]
 *   <li>{@code GET /_simulator/requests?method=POST&path=/v1/payment_intents}: a request count by
 *       concrete path or pattern [{@code requestCount(method, path)}]
 *   <li>{@code GET /_simulator/routes}: request counts per route, keyed {@code "POST
 *       /v1/payment_intents/{intent}/confirm"} [{@code routeCounts()}]
 *   <li>{@code GET /_simulator/stats}: objects created [{@code paymentIntentCount()}]
 *   <li>{@code POST /_simulator/fail_next} with {@code method}, {@code path}, {@code error} ({@code
 *       api_error}, {@code rate_limit} or {@code lock_timeout}) [{@code failNext(…)}]
 *   <li>{@code POST /_simulator/faults} with {@code method}, {@code path} (a path or pattern such
 *       as {@code /v1/payment_intents/*}{@code /confirm}), {@code times} (default 1) and {@code
 *       fault} [{@code arm(method, path, fault, times)}], or with {@code fraction} in (0, 1]
 *       instead of {@code times}: the fault applies to that fraction of matching requests until
 *       cleared, evenly spread, not drawn at random (0.1: the 10th, 20th, …), and faults on one
 *       route never share a request [{@code sometimes(method, path, fault, fraction)}]. Answers
 *       {@code {"armed":true,"fault":…,"method":…,"path":…}} with {@code times} or {@code
 *       fraction}. The faults:
 *       <ul>
 *         <li>{@code fail_before} (+ {@code error}, default {@code api_error}): answer the error,
 *             change nothing [{@code failBefore(…)}]
 *         <li>{@code fail_after}: execute, answer 500 {@code api_error} (kept under the idempotency
 *             key) [{@code failAfter(…)}]
 *         <li>{@code timeout_after} (+ {@code delay_ms}; absent = never answer): execute, hold the
 *             response [{@code timeoutAfter(…)}]
 *         <li>{@code reset_before} / {@code reset_after}: close the connection without a response,
 *             before or after executing [{@code resetConnection(…)}]
 *         <li>{@code throttle} (+ {@code fraction}, required): 429 {@code rate_limit} for that
 *             fraction of matching requests until cleared, or with {@code duration_ms} until that
 *             much real time has passed, a burst that ends by itself [{@code throttle(method, path,
 *             fraction)}, {@code throttle(method, path, fraction, lapseAfter)}]
 *       </ul>
 *   <li>{@code DELETE /_simulator/faults}: disarm all faults and throttles [{@code clearFaults()}]
 *   <li>{@code POST /_simulator/keys/revoke} with {@code key}: the key answers 401 from now on, as
 *       one rolled in the dashboard does [{@code revokeKey(key)}]
 *   <li>{@code POST /_simulator/keys/roll} with {@code key} and {@code new_key}: the new key opens
 *       the same account and the old one answers 401 [{@code rollKey(key, newKey)}]
 *   <li>{@code GET /_simulator/rate_limit}, {@code POST /_simulator/rate_limit} with {@code
 *       reads_per_second}, {@code writes_per_second} (0 = off) [{@code rateLimit(reads, writes)}]
 *   <li>{@code GET /_simulator/clock}: the simulated time [{@code now()}]
 *   <li>{@code POST /_simulator/clock/advance} with {@code seconds} or an ISO-8601 {@code duration}
 *       such as {@code P4D}: move time forward and run what came due [{@code
 *       advanceClock(duration)}]
 *   <li>{@code POST /_simulator/events/{id}/resend}: deliver an event again, a duplicate [{@code
 *       resendEvent(id)}]
 *   <li>{@code POST /_simulator/events/send} with {@code ids[]=evt_2&ids[]=evt_1}: deliver events
 *       in exactly that order, one after another [{@code sendEvents(ids)}]
 *   <li>{@code POST /_simulator/payment_intents/{id}/three_d_secure} (or {@code
 *       /setup_intents/{id}/three_d_secure}) with {@code outcome=succeed|fail}: complete or fail
 *       the 3-D Secure a {@code requires_action} intent waits for [{@code
 *       completeThreeDSecure(id)}, {@code failThreeDSecure(id)}]
 *   <li>{@code POST /_simulator/payment_intents/{id}/settle} with {@code outcome=succeed|fail}:
 *       settle a processing ACH debit now [{@code settleAch(id, succeed)}]; unsettled debits settle
 *       on their own four simulated days after confirmation (see {@code clock/advance})
 *   <li>{@code POST /_simulator/checkout/{id}/complete} with {@code payment_method} (default {@code
 *       pm_card_visa}; a test card or {@code pm_usBankAccount_…}): pay an open Checkout Session as
 *       its customer would; answers the PaymentIntent id [{@code completeCheckout(id,
 *       paymentMethod)}]
 *   <li>{@code POST /_simulator/payment_intents/{id}/bank_transfer}: the customer sends the bank
 *       transfer a {@code customer_balance} PaymentIntent waits for, which then pays it [{@code
 *       sendBankTransfer(id)}]
 *   <li>{@code GET /_simulator/checkout/{id}}, {@code GET /_simulator/3ds/{id}} and {@code GET
 *       /_simulator/bank_transfer/{id}}: HTML pages for a person in a browser, the Checkout
 *       Session's {@code url}, the 3-D Secure {@code next_action} URL and a bank transfer's {@code
 *       hosted_instructions_url}, with buttons that make the calls above (see {@code
 *       CustomerPages})
 *   <li>{@code POST /_simulator/webhooks/hold}, {@code POST /_simulator/webhooks/release}: queue
 *       deliveries instead of sending them; send the queue in event order [{@code holdWebhooks()},
 *       {@code releaseWebhooks()}]
 *   <li>{@code POST /_simulator/webhooks/faults} with {@code drop_fraction}, {@code
 *       duplicate_fraction}, {@code reorder_fraction} (each in [0, 1], default 0) and {@code
 *       reorder_delay_ms} (default 2000): from now on drop (never deliver nor retry), send twice,
 *       or hold back that long in real time that share of the events with endpoints, evenly spread
 *       (0.1: the 10th, 20th, …), not at random, so there is no {@code seed}; replaces the settings
 *       before. Manual sends ({@code events/send}, {@code resend}) are exact. Answers the settings
 *       and the counts so far: {@code
 *       {"drop_fraction":…,"duplicate_fraction":…,"reorder_fraction":…,"reorder_delay_ms":…,
 *       "dropped":n,"duplicated":n,"reordered":n}} [{@code webhookFaults(WebhookFaults)}]. With
 *       {@code drop_next} (and optionally {@code drop_type}, e.g. {@code
 *       payment_intent.succeeded}), exactly the next that many events (of that type) are dropped
 *       first [{@code dropNextWebhooks(count, type)}]
 *   <li>{@code GET /_simulator/webhooks/faults}: the same answer [{@code webhookFaults()}, {@code
 *       webhookFaultCounts()}]
 *   <li>{@code DELETE /_simulator/webhooks/faults}: faults off, deliveries held back sent now; the
 *       counts and the dropped list stay [{@code clearWebhookFaults()}]
 *   <li>{@code GET /_simulator/webhooks/dropped}: the dropped events, oldest first, {@code
 *       {"object":"list","data":[{"id":"evt_…","type":"payment_intent.succeeded","account":"acct_…",
 *       "payment_intent":"pi_…"}]}} ({@code payment_intent} null when {@code data.object} is not
 *       one) [{@code droppedWebhooks()}]
 * </ul>
 */
public final class ControlHandler implements HttpHandler {

  public static final String PREFIX = "/_simulator";

  private final SimulatorControls simulator;
  private final InjectedFaults faults;
  private final CustomerPages pages;

  public ControlHandler(SimulatorControls simulator, InjectedFaults faults, Accounts accounts) {
    this.simulator = simulator;
    this.faults = faults;
    this.pages = new CustomerPages(simulator, accounts);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      if (pages.handle(exchange, method, path)) {
        return;
      }
      Map<String, Object> decoded = FormDecoder.decode(exchange.getRequestURI().getRawQuery());
      decoded.putAll(
          FormDecoder.decode(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      Params params = Params.of(decoded);
      Object body;
      int status = 200;
      try {
        body = answer(method + " " + path, params);
      } catch (IllegalArgumentException | IllegalStateException | ApiError e) {
        status = 400;
        body = Map.of("error", Map.of("message", String.valueOf(e.getMessage())));
      }
      if (body == null) {
        status = 404;
        body =
            Map.of("error", Map.of("message", "Unknown control endpoint " + method + " " + path));
      }
      byte[] bytes = Json.write(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private Object answer(String endpoint, Params params) {
    return switch (endpoint) {
      case "GET /health" -> Map.of("status", "ok");
      case "POST /reset" -> {
        simulator.reset();
        yield Map.of("reset", true);
      }
      case "GET /requests" -> {
        String method = required(params, "method");
        String path = required(params, "path");
        yield Map.of("method", method, "path", path, "count", simulator.requestCount(method, path));
      }
      case "GET /routes" -> simulator.routeCounts();
      case "GET /stats" -> Map.of("payment_intents", simulator.paymentIntentCount());
      case "POST /fail_next" -> {
        faults.failNext(required(params, "method"), required(params, "path"), error(params));
        yield Map.of("armed", true);
      }
      case "POST /faults" -> arm(params);
      case "DELETE /faults" -> {
        simulator.clearFaults();
        yield Map.of("cleared", true);
      }
      case "GET /rate_limit" -> rateLimits();
      case "POST /rate_limit" -> {
        int[] current = simulator.rateLimits();
        simulator.rateLimit(
            (int) params.integer("reads_per_second").orElse(current[0]),
            (int) params.integer("writes_per_second").orElse(current[1]));
        yield rateLimits();
      }
      case "POST /keys/revoke" -> {
        simulator.revokeKey(
            params
                .string("key")
                .orElseThrow(() -> new IllegalArgumentException("key is required")));
        yield Map.of("revoked", true);
      }
      case "POST /keys/roll" -> {
        simulator.rollKey(
            params.string("key").orElseThrow(() -> new IllegalArgumentException("key is required")),
            params
                .string("new_key")
                .orElseThrow(() -> new IllegalArgumentException("new_key is required")));
        yield Map.of("rolled", true);
      }
      case "GET /clock" -> clock();
      case "POST /clock/advance" -> {
        simulator.advanceClock(duration(params));
        yield clock();
      }
      case "POST /webhooks/hold" -> {
        simulator.holdWebhooks();
        yield Map.of("holding", true);
      }
      case "POST /webhooks/release" -> {
        simulator.releaseWebhooks();
        yield Map.of("holding", false);
      }
      case "POST /webhooks/faults" -> {
        if (params.has("seed")) {
          throw new IllegalArgumentException(
              "Webhook faults are evenly spread, not random: there is no seed");
        }
        var delay = millis(params, "reorder_delay_ms");
        simulator.webhookFaults(
            new WebhookFaults(
                fraction(params, "drop_fraction", false),
                fraction(params, "duplicate_fraction", false),
                fraction(params, "reorder_fraction", false),
                delay == null ? WebhookFaults.DEFAULT_REORDER_DELAY : delay));
        var dropNext = params.integer("drop_next");
        if (dropNext.isPresent()) {
          simulator.dropNextWebhooks(
              (int) dropNext.getAsLong(), params.string("drop_type").orElse(null));
        }
        yield webhookFaults();
      }
      case "GET /webhooks/faults" -> webhookFaults();
      case "DELETE /webhooks/faults" -> {
        simulator.clearWebhookFaults();
        yield webhookFaults();
      }
      case "GET /webhooks/dropped" -> {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", simulator.droppedWebhooks());
        yield list;
      }
      case "POST /events/send" -> {
        List<String> ids = params.strings("ids");
        if (ids.isEmpty()) {
          throw new IllegalArgumentException("Missing parameter ids[]");
        }
        simulator.sendEvents(ids);
        yield Map.of("sent", ids);
      }
      default -> withId(endpoint, params);
    };
  }

  /** Endpoints with an object id in the path: {@code POST /events/{id}/resend} and the like. */
  private Object withId(String endpoint, Params params) {
    String[] parts = endpoint.split("[ /]+");
    if (parts.length != 4) {
      return null;
    }
    String route = parts[0] + " /" + parts[1] + "/{id}/" + parts[3];
    String id = parts[2];
    return switch (route) {
      case "POST /events/{id}/resend" -> {
        simulator.resendEvent(id);
        yield Map.of("sent", List.of(id));
      }
      case "POST /payment_intents/{id}/three_d_secure",
          "POST /setup_intents/{id}/three_d_secure" -> {
        if (succeeds(params)) {
          simulator.completeThreeDSecure(id);
        } else {
          simulator.failThreeDSecure(id);
        }
        yield Map.of("id", id, "authenticated", succeeds(params));
      }
      case "POST /checkout/{id}/complete" -> {
        String paymentIntent =
            simulator.completeCheckout(id, params.string("payment_method").orElse("pm_card_visa"));
        yield Map.of("id", id, "payment_intent", paymentIntent);
      }
      case "POST /payment_intents/{id}/bank_transfer" -> {
        simulator.sendBankTransfer(id);
        yield Map.of("id", id, "sent", true);
      }
      case "POST /payment_intents/{id}/settle" -> {
        simulator.settleAch(id, succeeds(params));
        yield Map.of("id", id, "settled", succeeds(params));
      }
      default -> null;
    };
  }

  /** {@code outcome=succeed} (the default) or {@code outcome=fail}. */
  private static boolean succeeds(Params params) {
    return switch (params.string("outcome").orElse("succeed")) {
      case "succeed" -> true;
      case "fail" -> false;
      default -> throw new IllegalArgumentException("outcome must be succeed or fail");
    };
  }

  private Object arm(Params params) {
    String method = required(params, "method");
    String path = required(params, "path");
    String kind = required(params, "fault");
    Map<String, Object> armed = new LinkedHashMap<>();
    armed.put("armed", true);
    armed.put("fault", kind);
    armed.put("method", method);
    armed.put("path", path);
    if (kind.equals("throttle")) {
      double fraction = fraction(params, "fraction", true);
      Duration lapseAfter = millis(params, "duration_ms");
      simulator.throttle(method, path, fraction, lapseAfter);
      armed.put("fraction", fraction);
      if (lapseAfter != null) {
        armed.put("duration_ms", lapseAfter.toMillis());
      }
    } else if (params.has("fraction")) {
      double fraction = fraction(params, "fraction", true);
      simulator.sometimes(method, path, fault(kind, params), fraction);
      armed.put("fraction", fraction);
    } else {
      int times = (int) params.integer("times").orElse(1);
      simulator.arm(method, path, fault(kind, params), times);
      armed.put("times", times);
    }
    return armed;
  }

  /** The fault a {@code fault} kind other than {@code throttle} names, with its parameters. */
  private static Fault fault(String kind, Params params) {
    return switch (kind) {
      case "fail_before" -> Fault.failBefore(error(params).toApiError());
      case "fail_after" -> Fault.failAfter(ApiError.internal());
      case "timeout_after" -> Fault.timeoutAfter(millis(params, "delay_ms"));
      case "reset_before" -> Fault.reset(false);
      case "reset_after" -> Fault.reset(true);
      default ->
          throw new IllegalArgumentException(
              "Unknown fault "
                  + kind
                  + "; use fail_before, fail_after, timeout_after, reset_before, reset_after or"
                  + " throttle");
    };
  }

  /** A fraction parameter, in (0, 1] when {@code positive}, else in [0, 1]; absent is 0. */
  private static double fraction(Params params, String name, boolean positive) {
    String text = params.string(name).orElse(positive ? null : "0");
    if (text == null) {
      throw new IllegalArgumentException("Missing parameter " + name);
    }
    double fraction;
    try {
      fraction = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      fraction = Double.NaN;
    }
    if (!(fraction >= 0 && fraction <= 1) || (positive && fraction == 0)) {
      throw new IllegalArgumentException(
          name + " must be a number in " + (positive ? "(0, 1]" : "[0, 1]") + ", not " + text);
    }
    return fraction;
  }

  /** A duration in milliseconds, or null when absent. */
  private static Duration millis(Params params, String name) {
    var millis = params.integer(name);
    return millis.isPresent() ? Duration.ofMillis(millis.getAsLong()) : null;
  }

  private Map<String, Object> webhookFaults() {
    WebhookFaults faults = simulator.webhookFaults();
    WebhookFaults.Counts counts = simulator.webhookFaultCounts();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("drop_fraction", faults.dropFraction());
    answer.put("duplicate_fraction", faults.duplicateFraction());
    answer.put("reorder_fraction", faults.reorderFraction());
    answer.put("reorder_delay_ms", faults.reorderDelay().toMillis());
    answer.put("dropped", counts.dropped());
    answer.put("duplicated", counts.duplicated());
    answer.put("reordered", counts.reordered());
    return answer;
  }

  private Map<String, Object> rateLimits() {
    int[] limits = simulator.rateLimits();
    return Map.of("reads_per_second", limits[0], "writes_per_second", limits[1]);
  }

  private Map<String, Object> clock() {
    Map<String, Object> clock = new LinkedHashMap<>();
    clock.put("now", simulator.now().toString());
    clock.put("unix", simulator.now().getEpochSecond());
    return clock;
  }

  private static Duration duration(Params params) {
    var seconds = params.integer("seconds");
    if (seconds.isPresent()) {
      return Duration.ofSeconds(seconds.getAsLong());
    }
    String iso = required(params, "duration");
    try {
      return Duration.parse(iso);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid duration " + iso + ", e.g. PT90S or P4D");
    }
  }

  private static SimulatedError error(Params params) {
    return SimulatedError.valueOf(
        params.string("error").orElse("api_error").toUpperCase(Locale.ROOT));
  }

  static String required(Params params, String name) {
    return params
        .string(name)
        .orElseThrow(() -> new IllegalArgumentException("Missing parameter " + name));
  }
}
