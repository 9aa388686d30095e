package io.settle.stripe.simulator;

import com.sun.net.httpserver.HttpServer;
import io.settle.stripe.simulator.control.ControlHandler;
import io.settle.stripe.simulator.control.InjectedFaults;
import io.settle.stripe.simulator.control.SimulatedError;
import io.settle.stripe.simulator.http.RequestLog;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.http.StripeApiHandler;
import io.settle.stripe.simulator.resources.account.AccountRoutes;
import io.settle.stripe.simulator.resources.charges.ChargeRoutes;
import io.settle.stripe.simulator.resources.customers.CustomerRoutes;
import io.settle.stripe.simulator.resources.customers.PaymentMethodRoutes;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntentRoutes;
import io.settle.stripe.simulator.state.Accounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful, in-process Stripe that speaks Stripe's wire format, for tests, the standalone Run
 * command and as a process of its own. Each secret key is its own account; state lives in memory
 * until {@link #reset()} or {@link #close()}.
 *
 * <pre>{@code
 * try (StripeSimulator stripe = StripeSimulator.start(0)) {
 *   StripeClient client =
 *       StripeClient.builder().setApiKey("sk_test_abc").setApiBase(stripe.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 */
public final class StripeSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StripeSimulator.class);

  static final int DEFAULT_PORT = 12112;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Accounts accounts;
  private final RequestLog requestLog;
  private final InjectedFaults faults;
  private final StripeApiHandler api;

  private StripeSimulator(HttpServer server, ExecutorService executor, Clock clock) {
    this.server = server;
    this.executor = executor;
    this.accounts = new Accounts(clock);
    this.requestLog = new RequestLog();
    this.faults = new InjectedFaults();
    this.api = new StripeApiHandler(routes(), accounts, requestLog, faults, clock);
    server.createContext("/", api);
    server.createContext(
        ControlHandler.PREFIX,
        new ControlHandler(this::reset, requestLog, this::paymentIntentCount, faults));
    server.setExecutor(executor);
  }

  private static Router routes() {
    Router router = new Router();
    AccountRoutes.register(router);
    CustomerRoutes.register(router);
    PaymentMethodRoutes.register(router);
    PaymentIntentRoutes.register(router);
    ChargeRoutes.register(router);
    return router;
  }

  /** Starts on 127.0.0.1; port 0 picks a free port. */
  public static StripeSimulator start(int port) {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), port);
  }

  /** Starts on {@code host}, e.g. "0.0.0.0" to be reachable from other containers. */
  public static StripeSimulator start(String host, int port) {
    // Many workers hit the simulator at once; a virtual thread per exchange keeps that cheap.
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
      StripeSimulator simulator = new StripeSimulator(server, executor, Clock.systemUTC());
      server.start();
      log.info("Stripe simulator listening on {}", simulator.baseUrl());
      return simulator;
    } catch (IOException e) {
      executor.close();
      throw new UncheckedIOException(
          "Cannot start the Stripe simulator on " + host + ":" + port, e);
    }
  }

  /** Where to point {@code StripeClient.builder().setApiBase(…)}, e.g. http://127.0.0.1:12345. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Requests received for {@code method} and a path or path pattern: {@code "/v1/payment_intents"}
   * counts creations only; {@code "/v1/payment_intents/{id}/confirm"} or {@code
   * "/v1/payment_intents/*}{@code /confirm"} counts confirmations of any PaymentIntent. Every
   * request that arrived counts, whatever its answer (replays, 401s and 402s included).
   */
  public long requestCount(String method, String pathPattern) {
    return requestLog.count(method, pathPattern);
  }

  /** PaymentIntents created so far, declined ones included, across all accounts. */
  public int paymentIntentCount() {
    return PaymentIntentRoutes.countIn(accounts.all());
  }

  /**
   * Answers the next request matching {@code method} and {@code pathPattern} with {@code error}
   * instead of executing it. Under an idempotency key a 500 is kept and replayed, a 429 is not.
   */
  public void failNext(String method, String pathPattern, SimulatedError error) {
    faults.failNext(method, pathPattern, error);
  }

  /** Forgets every account, object, idempotency key, armed error and request count. */
  public void reset() {
    accounts.clear();
    api.reset();
    faults.clear();
    requestLog.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
    log.info("Stripe simulator on port {} stopped", port());
  }

  /**
   * Runs the simulator as a process: port from the first argument, else {@code
   * STRIPE_SIMULATOR_PORT}, else 12112; bound to all interfaces unless {@code
   * STRIPE_SIMULATOR_HOST} says otherwise, so other containers can reach it.
   */
  public static void main(String[] args) {
    String portText = args.length > 0 ? args[0] : System.getenv("STRIPE_SIMULATOR_PORT");
    int port = portText == null || portText.isBlank() ? DEFAULT_PORT : Integer.parseInt(portText);
    String host = System.getenv().getOrDefault("STRIPE_SIMULATOR_HOST", "0.0.0.0");
    StripeSimulator simulator = start(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "stripe-simulator-stop"));
    System.out.println("Stripe simulator: " + simulator.baseUrl());
  }
}
