package io.settle.stripe.simulator;

import com.sun.net.httpserver.HttpServer;
import io.settle.stripe.simulator.control.ControlHandler;
import io.settle.stripe.simulator.control.InjectedFaults;
import io.settle.stripe.simulator.control.SimulatedError;
import io.settle.stripe.simulator.control.SimulatorControls;
import io.settle.stripe.simulator.events.DroppedWebhook;
import io.settle.stripe.simulator.events.Event;
import io.settle.stripe.simulator.events.EventRoutes;
import io.settle.stripe.simulator.events.WebhookDispatcher;
import io.settle.stripe.simulator.events.WebhookEndpointRoutes;
import io.settle.stripe.simulator.events.WebhookFaults;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Fault;
import io.settle.stripe.simulator.http.RateLimiter;
import io.settle.stripe.simulator.http.RequestLog;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.http.StripeApiHandler;
import io.settle.stripe.simulator.resources.account.AccountRoutes;
import io.settle.stripe.simulator.resources.billingportal.BillingPortalRoutes;
import io.settle.stripe.simulator.resources.cashbalance.CashBalanceRoutes;
import io.settle.stripe.simulator.resources.charges.ChargeRoutes;
import io.settle.stripe.simulator.resources.checkout.CheckoutCompletion;
import io.settle.stripe.simulator.resources.checkout.CheckoutRoutes;
import io.settle.stripe.simulator.resources.checkout.CheckoutSession;
import io.settle.stripe.simulator.resources.customers.CustomerRoutes;
import io.settle.stripe.simulator.resources.customers.PaymentMethodRoutes;
import io.settle.stripe.simulator.resources.paymentintents.BankTransfers;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntent;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntentRoutes;
import io.settle.stripe.simulator.resources.setupintents.SetupIntent;
import io.settle.stripe.simulator.resources.setupintents.SetupIntentRoutes;
import io.settle.stripe.simulator.resources.testhelpers.TestHelperRoutes;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.Accounts;
import io.settle.stripe.simulator.state.Simulation;
import io.settle.stripe.simulator.state.SimulatorClock;
import io.settle.stripe.simulator.state.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful, in-process Stripe that speaks Stripe's wire format, for tests, the standalone Run
 * command and as a process of its own. Each secret key is its own account; state lives in memory
 * until {@link #reset()} or {@link #close()}, and also in a file when started with {@link
 * Builder#stateFile}.
 *
 * <pre>{@code
 * try (StripeSimulator stripe = StripeSimulator.start(0)) {
 *   StripeClient client =
 *       StripeClient.builder().setApiKey("sk_test_abc").setApiBase(stripe.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 */
public final class StripeSimulator implements AutoCloseable, SimulatorControls {

  private static final Logger log = LoggerFactory.getLogger(StripeSimulator.class);

  static final int DEFAULT_PORT = 12113;

  /** How often, in real time, the simulator looks for timers that came due on their own. */
  private static final Duration TICK = Duration.ofMillis(100);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService ticker;
  private final SimulatorClock clock;
  private final Timers timers;
  private final WebhookDispatcher webhooks;
  private final Accounts accounts;
  private final RequestLog requestLog;
  private final InjectedFaults faults;
  private final RateLimiter rateLimiter;
  private final StripeApiHandler api;
  private final StateFile stateFile;

  private StripeSimulator(
      HttpServer server,
      ExecutorService executor,
      Clock baseClock,
      RateLimiter.Limits limits,
      StateFile stateFile) {
    this.server = server;
    this.executor = executor;
    this.clock = new SimulatorClock(baseClock);
    this.timers = new Timers(clock);
    this.webhooks = new WebhookDispatcher(clock, timers);
    Simulation simulation = new Simulation(clock, timers, webhooks, baseUrl(server));
    this.accounts = new Accounts(simulation);
    this.requestLog = new RequestLog();
    this.faults = new InjectedFaults();
    this.rateLimiter = new RateLimiter(limits);
    this.api = new StripeApiHandler(routes(), accounts, requestLog, faults, rateLimiter, clock);
    this.stateFile = stateFile;
    server.createContext("/", api);
    server.createContext(ControlHandler.PREFIX, new ControlHandler(this, faults, accounts));
    server.setExecutor(executor);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stripe-simulator-timers").factory());
  }

  private static Router routes() {
    Router router = new Router();
    AccountRoutes.register(router);
    CustomerRoutes.register(router);
    PaymentMethodRoutes.register(router);
    PaymentIntentRoutes.register(router);
    SetupIntentRoutes.register(router);
    BillingPortalRoutes.register(router);
    CheckoutRoutes.register(router);
    ChargeRoutes.register(router);
    WebhookEndpointRoutes.register(router);
    EventRoutes.register(router);
    CashBalanceRoutes.register(router);
    TestHelperRoutes.register(router);
    return router;
  }

  /** Starts on 127.0.0.1; port 0 picks a free port. */
  public static StripeSimulator start(int port) {
    return builder().port(port).start();
  }

  /** Starts on {@code host}, e.g. "0.0.0.0" to be reachable from other containers. */
  public static StripeSimulator start(String host, int port) {
    return builder().host(host).port(port).start();
  }

  /** For a clock or rate limits of your choosing; defaults are those of {@link #start(int)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options to start a simulator with. */
  public static final class Builder {
    private String host = InetAddress.getLoopbackAddress().getHostAddress();
    private int port;
    private Clock clock = Clock.systemUTC();
    private RateLimiter.Limits rateLimits = RateLimiter.Limits.OFF;
    private Path stateFile;

    private Builder() {}

    /**
     * Keeps the state in {@code file} across restarts: read at start when it exists, written when
     * the state changes (at most once a second) and on {@link #close()}. Timers are not kept,
     * except that ACH debits still processing and open Checkout Sessions get theirs again; see
     * {@link StateFile}. Null (the default) keeps everything in memory only.
     */
    public Builder stateFile(Path file) {
      this.stateFile = file;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The base of simulated time. A fixed clock makes time stand still except when advanced with
     * {@link StripeSimulator#advanceClock}, which tests of timers and rate limits rely on.
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Requests per second per account, as Stripe limits them; 0 is unlimited (the default). */
    public Builder rateLimit(int readsPerSecond, int writesPerSecond) {
      this.rateLimits = new RateLimiter.Limits(readsPerSecond, writesPerSecond);
      return this;
    }

    public StripeSimulator start() {
      // Many workers hit the simulator at once; a virtual thread per exchange keeps that cheap,
      // and lets a timeout fault hold a response without taking a server thread from anyone.
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        StripeSimulator simulator =
            new StripeSimulator(
                server,
                executor,
                clock,
                rateLimits,
                stateFile == null ? null : new StateFile(stateFile));
        try {
          simulator.restoreState();
        } catch (IOException | RuntimeException e) {
          server.stop(0);
          executor.close();
          throw new IllegalStateException(
              "Cannot restore the Stripe simulator's state from " + stateFile, e);
        }
        server.start();
        simulator.ticker.scheduleWithFixedDelay(
            simulator.timers::runDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        if (stateFile != null) {
          long every = StateFile.SAVE_EVERY.toMillis();
          simulator.ticker.scheduleWithFixedDelay(
              simulator::saveState, every, every, TimeUnit.MILLISECONDS);
        }
        log.info("Stripe simulator listening on {}", simulator.baseUrl());
        return simulator;
      } catch (IOException e) {
        executor.close();
        throw new UncheckedIOException(
            "Cannot start the Stripe simulator on " + host + ":" + port, e);
      }
    }
  }

  private void restoreState() throws IOException {
    if (stateFile != null) {
      int restored = stateFile.restore(clock, accounts, api);
      log.info(
          "Stripe simulator state in {}: {} account(s) restored",
          stateFile.path().toAbsolutePath(),
          restored);
    }
  }

  /** The ticker's periodic write; a failure is logged and the next tick tries again. */
  private void saveState() {
    try {
      stateFile.save(clock, accounts, api);
    } catch (IOException | RuntimeException e) {
      log.warn("Stripe simulator state not written to {}: {}", stateFile.path(), e.toString());
    }
  }

  private static String baseUrl(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Where to point {@code StripeClient.builder().setApiBase(…)}, e.g. http://127.0.0.1:12345. */
  public String baseUrl() {
    return baseUrl(server);
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
  @Override
  public long requestCount(String method, String pathPattern) {
    return requestLog.count(method, pathPattern);
  }

  /**
   * Requests sent with {@code secretKey}'s account, matched as {@link #requestCount(String,
   * String)} matches them: one merchant's calls while others run.
   */
  public long requestCount(String secretKey, String method, String pathPattern) {
    return requestLog.count(accounts.forKey(secretKey).id(), method, pathPattern);
  }

  /** PaymentIntents created so far, declined ones included, across all accounts. */
  @Override
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

  /**
   * Arms {@code fault} for the next {@code times} requests matching {@code method} and {@code
   * pathPattern}; {@link #failBefore}, {@link #failAfter}, {@link #timeoutAfter} and {@link
   * #resetConnection} arm one kind each.
   */
  @Override
  public void arm(String method, String pathPattern, Fault fault, int times) {
    faults.arm(method, pathPattern, fault, times);
  }

  /**
   * Applies {@code fault} to {@code fraction} (in (0, 1]) of the requests matching {@code method}
   * and {@code pathPattern} until {@link #clearFaults()} or {@link #reset()}: 0.1 is every tenth
   * request, starting with the tenth, not a random tenth, so a test knows which requests fail and a
   * chaos run gets exactly its share. Faults on one route never share a request: counted ones come
   * first, then fractional ones in the order armed, and one due on a request already taken waits
   * for the next. For example {@code sometimes("POST", "/v1/payment_intents/*}{@code /confirm",
   * Fault.failAfter(ApiError.internal()), 0.05)} charges one confirmation in twenty but answers it
   * with a 500.
   */
  @Override
  public void sometimes(String method, String pathPattern, Fault fault, double fraction) {
    faults.sometimes(method, pathPattern, fault, fraction);
  }

  /**
   * Executes nothing and answers {@code error} for the next {@code times} requests matching {@code
   * method} and {@code pathPattern}. A 500 is kept under an idempotency key, a 429 is not.
   */
  @Override
  public void failBefore(String method, String pathPattern, SimulatedError error, int times) {
    faults.arm(method, pathPattern, Fault.failBefore(error.toApiError()), times);
  }

  /**
   * Executes the next {@code times} matching requests (objects are created or changed, events sent)
   * but answers each with a 500 {@code api_error}, kept under its idempotency key as Stripe keeps
   * its 500s.
   */
  @Override
  public void failAfter(String method, String pathPattern, int times) {
    faults.arm(method, pathPattern, Fault.failAfter(ApiError.internal()), times);
  }

  /**
   * Executes the next {@code times} matching requests, then holds each response for {@code delay}
   * before sending it, or never sends it if {@code delay} is null (the connection is closed on
   * {@link #reset()} or {@link #close()}). Set {@code delay} longer than the client's read timeout
   * to make it time out on a request that took effect. The result is kept under the idempotency
   * key, so a retry with the same key gets it at once.
   */
  @Override
  public void timeoutAfter(String method, String pathPattern, Duration delay, int times) {
    faults.arm(method, pathPattern, Fault.timeoutAfter(delay), times);
  }

  /**
   * Closes the connection without a response for the next {@code times} matching requests, before
   * executing them or (with {@code afterEffect}) after.
   */
  @Override
  public void resetConnection(String method, String pathPattern, boolean afterEffect, int times) {
    faults.arm(method, pathPattern, Fault.reset(afterEffect), times);
  }

  /**
   * Answers 429 {@code rate_limit} to {@code fraction} of the matching requests (0.25: every fourth
   * one, starting with the fourth) until {@link #clearFaults()} or {@link #reset()}; a {@link
   * #sometimes} fault with a 429.
   */
  @Override
  public void throttle(String method, String pathPattern, double fraction) {
    faults.throttle(method, pathPattern, fraction);
  }

  /**
   * A {@link #throttle(String, String, double)} that lapses by itself {@code lapseAfter} from now,
   * in real time (advancing the simulator's clock does not end it): a burst of 429s that a chaos
   * run can start without having to clear the other faults to stop it. Null lasts until cleared.
   */
  @Override
  public void throttle(String method, String pathPattern, double fraction, Duration lapseAfter) {
    faults.throttle(method, pathPattern, fraction, lapseAfter);
  }

  @Override
  public void revokeKey(String secretKey) {
    accounts.revoke(secretKey);
  }

  @Override
  public void rollKey(String oldKey, String newKey) {
    accounts.roll(oldKey, newKey);
  }

  /** Disarms every armed fault and throttle. */
  @Override
  public void clearFaults() {
    faults.clear();
  }

  /**
   * Requests per route, keyed like {@code "POST /v1/payment_intents/{intent}/confirm"} with the
   * simulator's template names; only routed requests (authenticated, known path) count here.
   */
  @Override
  public Map<String, Long> routeCounts() {
    return requestLog.byRoute();
  }

  /** Stripe's per-account requests-per-second limits; 0 turns one off. Resets the windows. */
  @Override
  public void rateLimit(int readsPerSecond, int writesPerSecond) {
    rateLimiter.limits(new RateLimiter.Limits(readsPerSecond, writesPerSecond));
  }

  /** The current limits as {@code [readsPerSecond, writesPerSecond]}; 0 is off. */
  @Override
  public int[] rateLimits() {
    RateLimiter.Limits limits = rateLimiter.limits();
    return new int[] {limits.readsPerSecond(), limits.writesPerSecond()};
  }

  /** The simulator's current time: its base clock plus every advance. */
  @Override
  public Instant now() {
    return clock.instant();
  }

  /**
   * Moves simulated time forward and runs everything that came due (ACH settlement, webhook
   * retries) before returning; webhook deliveries it triggers are still sent in the background.
   */
  @Override
  public void advanceClock(Duration duration) {
    clock.advance(duration);
    timers.runDue();
  }

  /**
   * Sends an existing event again to every endpoint now subscribed to it: a duplicate delivery, as
   * Stripe sometimes makes. Sent in the background; not retried.
   */
  @Override
  public void resendEvent(String eventId) {
    sendEvents(List.of(eventId));
  }

  /**
   * Sends existing events, in exactly the given order (one delivery finishes before the next
   * starts), e.g. {@code payment_intent.succeeded} before {@code payment_intent.created}. Combine
   * with {@link #holdWebhooks()} so the automatic deliveries do not come first.
   */
  @Override
  public void sendEvents(List<String> eventIds) {
    List<WebhookDispatcher.AccountEvent> events = new ArrayList<>();
    for (String id : eventIds) {
      Account account =
          accounts
              .holding(Event.class, id)
              .orElseThrow(() -> new IllegalArgumentException("No such event: " + id));
      events.add(
          new WebhookDispatcher.AccountEvent(
              account, account.store(Event.class).find(id).orElseThrow()));
    }
    webhooks.sendInOrder(events);
  }

  /**
   * Completes the 3-D Secure a PaymentIntent ({@code pi_…}) or SetupIntent ({@code seti_…}) in
   * {@code requires_action} waits for: the charge then goes ahead as the card dictates; the card is
   * set up, attached to the SetupIntent's customer and needs no authentication off-session.
   */
  @Override
  public void completeThreeDSecure(String intentId) {
    authenticate(intentId, true);
  }

  /**
   * Fails the 3-D Secure a PaymentIntent or SetupIntent waits for: it goes back to {@code
   * requires_payment_method} with {@code payment_intent_authentication_failure} or {@code
   * setup_intent_authentication_failure}.
   */
  @Override
  public void failThreeDSecure(String intentId) {
    authenticate(intentId, false);
  }

  private void authenticate(String intentId, boolean succeed) {
    if (intentId.startsWith("seti_")) {
      SetupIntentRoutes.authenticate(owner(SetupIntent.class, intentId), intentId, succeed);
    } else {
      PaymentIntentRoutes.authenticate(owner(PaymentIntent.class, intentId), intentId, succeed);
    }
  }

  /**
   * Settles a {@code processing} ACH PaymentIntent now instead of after its four simulated days:
   * {@code succeed} makes it {@code succeeded}, otherwise it fails with its test bank account's
   * reason ({@code insufficient_funds} or {@code account_closed}; {@code insufficient_funds} for
   * accounts that would have succeeded).
   */
  @Override
  public void settleAch(String intentId, boolean succeed) {
    PaymentIntentRoutes.settle(owner(PaymentIntent.class, intentId), intentId, succeed);
  }

  /**
   * The customer sends the bank transfer a {@code customer_balance} PaymentIntent in {@code
   * requires_action} asks for ({@code amount_remaining}, with its {@code reference}) into their
   * cash balance, which then pays it, as Stripe's reconciliation would: {@code
   * customer_cash_balance_transaction.created} twice and {@code payment_intent.succeeded}. Stripe's
   * own test helper, {@code POST /v1/test_helpers/customers/{id}/fund_cash_balance}, sends any
   * amount.
   */
  @Override
  public void sendBankTransfer(String intentId) {
    BankTransfers.sendTransfer(owner(PaymentIntent.class, intentId), intentId);
  }

  /**
   * Pays an open Checkout Session ({@code cs_…}) as its customer would on the page, with {@code
   * paymentMethod} such as {@code pm_card_visa} or {@code pm_usBankAccount_success}. Returns the
   * PaymentIntent ({@code pi_…}) made with {@code payment_intent_data}: when it succeeds the
   * session is {@code complete} and {@code paid}, when it is a processing bank debit {@code
   * complete} and {@code unpaid}, and {@code checkout.session.completed} is sent; a decline or 3-D
   * Secure leaves the session open, and paying again retries the same PaymentIntent.
   */
  @Override
  public String completeCheckout(String sessionId, String paymentMethod) {
    return CheckoutCompletion.complete(
            owner(CheckoutSession.class, sessionId), sessionId, paymentMethod)
        .id();
  }

  private Account owner(Class<?> type, String id) {
    return accounts
        .holding(type, id)
        .orElseThrow(() -> new IllegalArgumentException("No such object: " + id));
  }

  /** Queues webhook deliveries instead of sending them, until {@link #releaseWebhooks()}. */
  @Override
  public void holdWebhooks() {
    webhooks.hold();
  }

  /** Sends every held delivery in the order its events happened, and stops holding. */
  @Override
  public void releaseWebhooks() {
    webhooks.release();
  }

  /**
   * From now on drops, duplicates or holds back an exact, evenly spread share of the automatic
   * webhook deliveries, e.g. {@code WebhookFaults.NONE.dropping(0.02).duplicating(0.05)}; replaces
   * the faults set before. A dropped event is never delivered nor retried (it stays {@code
   * pending_webhooks} and is listed by {@link #droppedWebhooks()}); a duplicated one is sent twice,
   * the second right after the first; a reordered one is held back {@link
   * WebhookFaults#reorderDelay()} of real time, so later events overtake it. Events sent with
   * {@link #sendEvents} or {@link #resendEvent} are not faulted.
   */
  @Override
  public void webhookFaults(WebhookFaults faults) {
    webhooks.faults(faults);
  }

  /**
   * Drops exactly the next {@code count} webhook events of {@code type} (any type when null),
   * before any share of {@link #webhookFaults(WebhookFaults)} applies; they are listed as dropped.
   */
  @Override
  public void dropNextWebhooks(int count, String type) {
    webhooks.dropNext(count, type);
  }

  /** The webhook faults in force; {@link WebhookFaults#NONE} when off. */
  @Override
  public WebhookFaults webhookFaults() {
    return webhooks.faults();
  }

  /** Events dropped, duplicated and held back so far, since the last {@link #reset()}. */
  @Override
  public WebhookFaults.Counts webhookFaultCounts() {
    return webhooks.faultCounts();
  }

  /**
   * Turns webhook faults off and sends the deliveries still held back now; dropped events stay
   * dropped and listed, and the counts stay.
   */
  @Override
  public void clearWebhookFaults() {
    webhooks.clearFaults();
  }

  /** Events a webhook fault dropped, in the order they happened, until {@link #reset()}. */
  @Override
  public List<DroppedWebhook> droppedWebhooks() {
    return webhooks.dropped();
  }

  /**
   * Forgets every account, object, idempotency key, armed fault, webhook fault (with its counts and
   * dropped events), pending timer and request count, and lets held responses go. Rate limits and
   * the clock stay as they are.
   */
  @Override
  public void reset() {
    accounts.clear();
    api.reset();
    faults.clear();
    timers.clear();
    webhooks.clear();
    requestLog.clear();
  }

  @Override
  public void close() {
    ticker.close();
    api.releaseHeldResponses();
    server.stop(0);
    api.releaseHeldResponses();
    executor.close();
    webhooks.close();
    if (stateFile != null) {
      // After the server stopped, so that nothing changes while the last state is written.
      saveState();
    }
    log.info("Stripe simulator on port {} stopped", port());
  }

  /**
   * Runs the simulator as a process: port from the first argument, else {@code
   * STRIPE_SIMULATOR_PORT}, else 12113; bound to all interfaces unless {@code
   * STRIPE_SIMULATOR_HOST} says otherwise, so other containers can reach it. {@code
   * STRIPE_SIMULATOR_READS_PER_SECOND} and {@code STRIPE_SIMULATOR_WRITES_PER_SECOND} turn on
   * Stripe's rate limits (off by default).
   */
  public static void main(String[] args) {
    String portText = args.length > 0 ? args[0] : System.getenv("STRIPE_SIMULATOR_PORT");
    int port = portText == null || portText.isBlank() ? DEFAULT_PORT : Integer.parseInt(portText);
    String host = System.getenv().getOrDefault("STRIPE_SIMULATOR_HOST", "0.0.0.0");
    StripeSimulator simulator =
        builder()
            .host(host)
            .port(port)
            .rateLimit(
                envInt("STRIPE_SIMULATOR_READS_PER_SECOND"),
                envInt("STRIPE_SIMULATOR_WRITES_PER_SECOND"))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "stripe-simulator-stop"));
    System.out.println("Stripe simulator: " + simulator.baseUrl());
  }

  private static int envInt(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
  }
}
