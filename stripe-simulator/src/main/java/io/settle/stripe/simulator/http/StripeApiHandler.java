package io.settle.stripe.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.Accounts;
import io.settle.stripe.simulator.state.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's wire protocol around the routes: request id, authentication, rate limiting, form
 * decoding, routing, armed faults, idempotency, per-account serialisation, and rendering of results
 * and errors as Stripe JSON.
 */
public final class StripeApiHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StripeApiHandler.class);

  /** What the simulator answers in {@code Stripe-Version} when a client does not pin one. */
  public static final String DEFAULT_API_VERSION = "2026-07-29.dahlia";

  private final Router router;
  private final Accounts accounts;
  private final RequestLog requestLog;
  private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys();
  private final HeldResponses held = new HeldResponses();
  private final Faults faults;
  private final RateLimiter rateLimiter;
  private final Clock clock;

  public StripeApiHandler(
      Router router,
      Accounts accounts,
      RequestLog requestLog,
      Faults faults,
      RateLimiter rateLimiter,
      Clock clock) {
    this.router = router;
    this.accounts = accounts;
    this.requestLog = requestLog;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  /** Results kept under idempotency keys, for a state file. */
  public java.util.List<KeptResponse> keptResponses() {
    return idempotencyKeys.kept();
  }

  /** Keeps again results read from a state file. */
  public void restoreKeptResponses(java.util.List<KeptResponse> kept) {
    idempotencyKeys.restore(kept);
  }

  /** Forgets every kept idempotent result and rate-limit window; lets held responses go. */
  public void reset() {
    idempotencyKeys.clear();
    rateLimiter.clear();
    held.releaseAll();
  }

  /** Lets every response a timeout fault is holding go, so the server can stop. */
  public void releaseHeldResponses() {
    held.releaseAll();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = StripeIds.request();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = normalise(exchange.getRequestURI().getPath());
      requestLog.record(method, path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      Answer answer = respond(exchange, method, path, body, requestId);
      Fault fault = answer.fault();
      if (fault != null) {
        switch (fault.kind()) {
          case RESET_BEFORE, RESET_AFTER -> {
            // Closing an exchange that sent no headers closes the connection: the client reads
            // end-of-stream where a response should be.
            log.debug("{} {} -> connection reset ({})", method, path, requestId);
            return;
          }
          case TIMEOUT_AFTER -> {
            if (!held.hold(fault.delay())) {
              log.debug("{} {} -> held, never answered ({})", method, path, requestId);
              return;
            }
          }
          default -> {}
        }
      }
      WireResponse response = answer.response();
      log.debug("{} {} -> {} ({})", method, path, response.status(), requestId);
      try {
        write(exchange, response, requestId);
      } catch (IOException clientGone) {
        // A client that timed out on a held response has hung up; that is the point.
        log.debug("{} {}: client gone before the response ({})", method, path, requestId);
      }
    }
  }

  private Answer respond(
      HttpExchange exchange, String method, String path, byte[] body, String requestId) {
    Account account = null;
    try {
      String key = ApiKeys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      account = accounts.forKey(key);
      requestLog.recordFor(account.id(), method, path);
      if (!rateLimiter.admit(account.id(), method, clock.instant())) {
        return new Answer(
            render(ApiError.rateLimit(), account, requestId)
                .withHeader("Stripe-Rate-Limited-Reason", "global-rate"),
            null);
      }
      Params params = Params.of(decodeParams(exchange, method, body));
      Router.RouteMatch match =
          router.match(method, path).orElseThrow(() -> ApiError.unrecognizedUrl(method, path));
      requestLog.recordRoute(method, match.route().template().text());
      String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      // Stripe ignores idempotency keys on GET and DELETE.
      boolean idempotent =
          "POST".equals(method) && idempotencyKey != null && !idempotencyKey.isBlank();
      ApiRequest request =
          new ApiRequest(
              method,
              path,
              match.pathParams(),
              params,
              account,
              clock.instant(),
              requestId,
              idempotent ? idempotencyKey : null);
      Fault fault = faults.next(method, path).orElse(null);
      if (fault != null && fault.kind() == Fault.Kind.RESET_BEFORE) {
        return new Answer(null, fault);
      }
      if (!idempotent) {
        return new Answer(execute(match, request, fault), fault);
      }
      return new Answer(
          idempotencyKeys.run(
              account.id(),
              idempotencyKey,
              requestId,
              method,
              path,
              params.asMap(),
              () -> execute(match, request, fault)),
          fault);
    } catch (ApiError error) {
      return new Answer(render(error, account, requestId), null);
    } catch (RuntimeException bug) {
      // Never drop the connection: a client must see a Stripe-shaped answer, as from Stripe.
      log.error("{} {} failed ({})", method, path, requestId, bug);
      return new Answer(render(ApiError.internal(), account, requestId), null);
    }
  }

  private WireResponse execute(Router.RouteMatch match, ApiRequest request, Fault fault) {
    Account account = request.account();
    if (fault != null && fault.kind() == Fault.Kind.FAIL_BEFORE) {
      return render(fault.error(), account, request.requestId());
    }
    WireResponse response;
    account.lock().lock();
    try {
      account.origin(new Origin(request.requestId(), request.idempotencyKey()));
      Object result = match.route().handler().handle(request);
      response = new WireResponse(200, Json.write(result), Map.of());
    } catch (ApiError error) {
      response = render(error, account, request.requestId());
    } catch (RuntimeException bug) {
      // Stripe answers its own failures with a 500 api_error; so does the simulator.
      log.error("{} {} failed ({})", request.method(), request.path(), request.requestId(), bug);
      response = render(ApiError.internal(), account, request.requestId());
    } finally {
      account.origin(null);
      account.lock().unlock();
    }
    if (fault != null && fault.kind() == Fault.Kind.FAIL_AFTER) {
      return render(fault.error(), account, request.requestId());
    }
    return response;
  }

  /** The response, and the fault that decides how (or whether) it is sent. */
  private record Answer(WireResponse response, Fault fault) {}

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
