package io.settle.stripe.simulator.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.FormDecoder;
import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.RequestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The simulator's own API under {@code /_simulator}, for tests and tools outside the JVM (the
 * standalone process, docker compose health checks). No authentication: it is a test double.
 *
 * <ul>
 *   <li>{@code GET /_simulator/health}
 *   <li>{@code POST /_simulator/reset}: forget all accounts, keys and counters
 *   <li>{@code GET /_simulator/requests?method=POST&path=/v1/payment_intents}: a request count
 *   <li>{@code GET /_simulator/stats}: objects created
 *   <li>{@code POST /_simulator/fail_next} with {@code method}, {@code path}, {@code error} ({@code
 *       api_error}, {@code rate_limit} or {@code lock_timeout})
 * </ul>
 */
public final class ControlHandler implements HttpHandler {

  public static final String PREFIX = "/_simulator";

  private final Runnable reset;
  private final RequestLog requests;
  private final IntSupplier paymentIntents;
  private final InjectedFaults faults;

  public ControlHandler(
      Runnable reset, RequestLog requests, IntSupplier paymentIntents, InjectedFaults faults) {
    this.reset = reset;
    this.requests = requests;
    this.paymentIntents = paymentIntents;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      Map<String, Object> decoded = FormDecoder.decode(exchange.getRequestURI().getRawQuery());
      decoded.putAll(
          FormDecoder.decode(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      Params params = Params.of(decoded);
      Object body;
      int status = 200;
      try {
        body = answer(method + " " + path, params);
      } catch (IllegalArgumentException | ApiError e) {
        status = 400;
        body = Map.of("error", Map.of("message", e.getMessage()));
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
        reset.run();
        yield Map.of("reset", true);
      }
      case "GET /requests" -> {
        String method = required(params, "method");
        String path = required(params, "path");
        yield Map.of("method", method, "path", path, "count", requests.count(method, path));
      }
      case "GET /stats" -> Map.of("payment_intents", paymentIntents.getAsInt());
      case "POST /fail_next" -> {
        SimulatedError error =
            SimulatedError.valueOf(required(params, "error").toUpperCase(Locale.ROOT));
        faults.failNext(required(params, "method"), required(params, "path"), error);
        yield Map.of("armed", true);
      }
      default -> null;
    };
  }

  private static String required(Params params, String name) {
    return params
        .string(name)
        .orElseThrow(() -> new IllegalArgumentException("Missing parameter " + name));
  }
}
