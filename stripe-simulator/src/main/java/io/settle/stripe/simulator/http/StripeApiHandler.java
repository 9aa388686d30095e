package io.settle.stripe.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's wire protocol around the routes: request id, authentication, form decoding, routing,
 * idempotency, per-account serialisation, and rendering of results and errors as Stripe JSON.
 */
public final class StripeApiHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StripeApiHandler.class);

  /** What the simulator answers in {@code Stripe-Version} when a client does not pin one. */
  static final String DEFAULT_API_VERSION = "2026-07-29.dahlia";

  private final Router router;
  private final Accounts accounts;
  private final RequestLog requestLog;
  private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys();
  private final Faults faults;
  private final Clock clock;

  public StripeApiHandler(
      Router router, Accounts accounts, RequestLog requestLog, Faults faults, Clock clock) {
    this.router = router;
    this.accounts = accounts;
    this.requestLog = requestLog;
    this.faults = faults;
    this.clock = clock;
  }

  /** Forgets every kept idempotent result. */
  public void reset() {
    idempotencyKeys.clear();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = StripeIds.request();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = normalise(exchange.getRequestURI().getPath());
      requestLog.record(method, path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      WireResponse response = respond(exchange, method, path, body, requestId);
      log.debug("{} {} -> {} ({})", method, path, response.status(), requestId);
      write(exchange, response, requestId);
    }
  }

  private WireResponse respond(
      HttpExchange exchange, String method, String path, byte[] body, String requestId) {
    Account account = null;
    try {
      String key = ApiKeys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      account = accounts.forKey(key);
      Params params = Params.of(decodeParams(exchange, method, body));
      Router.RouteMatch match =
          router.match(method, path).orElseThrow(() -> ApiError.unrecognizedUrl(method, path));
      ApiRequest request =
          new ApiRequest(
              method, path, match.pathParams(), params, account, clock.instant(), requestId);
      String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      // Stripe ignores idempotency keys on GET and DELETE.
      if (!"POST".equals(method) || idempotencyKey == null || idempotencyKey.isBlank()) {
        return execute(match, request);
      }
      return idempotencyKeys.run(
          account.id(),
          idempotencyKey,
          requestId,
          method,
          path,
          params.asMap(),
          () -> execute(match, request));
    } catch (ApiError error) {
      return render(error, account, requestId);
    } catch (RuntimeException bug) {
      // Never drop the connection: a client must see a Stripe-shaped answer, as from Stripe.
      log.error("{} {} failed ({})", method, path, requestId, bug);
      return render(ApiError.internal(), account, requestId);
    }
  }

  private WireResponse execute(Router.RouteMatch match, ApiRequest request) {
    Account account = request.account();
    Optional<ApiError> fault = faults.next(request.method(), request.path());
    if (fault.isPresent()) {
      return render(fault.get(), account, request.requestId());
    }
    account.lock().lock();
    try {
      Object result = match.route().handler().handle(request);
      return new WireResponse(200, Json.write(result), Map.of());
    } catch (ApiError error) {
      return render(error, account, request.requestId());
    } catch (RuntimeException bug) {
      // Stripe answers its own failures with a 500 api_error; so does the simulator.
      log.error("{} {} failed ({})", request.method(), request.path(), request.requestId(), bug);
      return render(ApiError.internal(), account, request.requestId());
    } finally {
      account.lock().unlock();
    }
  }

  private WireResponse render(ApiError error, Account account, String requestId) {
    ApiError shown = error;
    if (account != null) {
      shown =
          error.withRequestLogUrl(
              "https://dashboard.stripe.com/"
                  + (account.livemode() ? "" : "test/")
                  + "logs/"
                  + requestId
                  + "?t="
                  + clock.instant().getEpochSecond());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Boolean shouldRetry = shown.shouldRetry();
    if (shouldRetry != null) {
      headers.put("Stripe-Should-Retry", shouldRetry.toString());
    }
    return new WireResponse(shown.status(), Json.write(Map.of("error", shown.body())), headers);
  }

  private static Map<String, Object> decodeParams(
      HttpExchange exchange, String method, byte[] body) {
    Map<String, Object> params = FormDecoder.decode(exchange.getRequestURI().getRawQuery());
    if (!"GET".equals(method) && body.length > 0) {
      params.putAll(FormDecoder.decode(new String(body, StandardCharsets.UTF_8)));
    }
    return params;
  }

  private static void write(HttpExchange exchange, WireResponse response, String requestId)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Request-Id", requestId);
    String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
    headers.set("Stripe-Version", version == null ? DEFAULT_API_VERSION : version);
    response.headers().forEach(headers::set);
    exchange.sendResponseHeaders(response.status(), response.body().length);
    exchange.getResponseBody().write(response.body());
  }

  private static String normalise(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
