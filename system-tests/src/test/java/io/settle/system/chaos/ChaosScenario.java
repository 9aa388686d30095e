package io.settle.system.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.settle.system.chaos.ChaosPlan.Method;
import io.settle.system.chaos.StripeSide.Intent;
import io.settle.system.stack.ProcessStack;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A chaos run on a {@link ProcessStack}: a merchant whose customers pay by every method, a burst of
 * auto-paid invoices, the plan's faults while they are charged, then everything driven to an end
 * (3-D Secure completed or failed, ACH settled or failed, with Temporal away meanwhile when the
 * plan says so), the reconciliation janitor, and the checks ({@link ChaosChecks}).
 */
public final class ChaosScenario {

  private static final int CUSTOMERS_PER_METHOD = 2;

  private final ProcessStack stack;
  private final ChaosPlan plan;
  private final Consumer<String> log;
  private final SecretScan secrets;
  private final SettleApi api;
  private final StripeSide stripe;
  private final Ledger ledger;
  private final Map<String, String> timings = new LinkedHashMap<>();
  private final List<String> faultsInjected = new ArrayList<>();
  private final Instant started = Instant.now();

  private long merchantId;
  private String adminKey;
  private final Map<Long, Method> invoices = new LinkedHashMap<>();

  public ChaosScenario(ProcessStack stack, ChaosPlan plan, Consumer<String> log) {
    this.stack = stack;
    this.plan = plan;
    this.log = log;
    this.secrets = new SecretScan(stack.bootstrapToken());
    this.api = new SettleApi(stack.apiUrl(), secrets);
    this.stripe = new StripeSide(stack.simulatorUrl());
    this.ledger = new Ledger(stack.setup().databaseUrl());
  }

  /**
   * The Spring properties a chaos stack runs with: answers held by the simulator time out in 3 s
   * (not 30), and a webhook that Temporal could not take is handed over again within seconds of its
   * return, and not parked as DEAD while it is away.
   */
  public static Map<String, String> apiProperties() {
    return Map.of(
        "settle.stripe.read-timeout", "3s",
        "settle.webhooks.redispatch-backoff", "2s",
        "settle.webhooks.redispatch-max-backoff", "10s",
        "settle.webhooks.redispatch-max-attempts", "100");
  }

  public static Map<String, String> workerProperties() {
    return Map.of("settle.stripe.read-timeout", "3s");
  }

  /** Runs the plan and answers the checks' table. */
  public ChaosTable run() throws Exception {
    connectMerchant();
    Map<Method, List<Long>> customers = customers();
    armChargeFaults();
    armWebhookFaults(plan.dropFraction());

    Duration burst;
    try (ExecutorService conductor = Executors.newSingleThreadExecutor()) {
      Future<?> faults = conductor.submit(this::injectFaultsDuringTheBurst);
      long start = System.nanoTime();
      createInvoices(customers);
      burst = Duration.ofNanos(System.nanoTime() - start);
      log("%d invoices created in %s", invoices.size(), seconds(burst));
      faults.get();
    }
    timings.put("invoices created", seconds(burst));
    awaitEveryChargeMade();
    stripe.control("DELETE", "/faults", Map.of());

    settle();
    stripe.control("DELETE", "/webhooks/faults", Map.of());
    awaitQuiet("after settling");

    ChaosChecks.Facts before = facts();
    JsonNode janitor = runJanitor();
    awaitQuiet("after the janitor");
    ChaosChecks.Facts after = facts();

    ChaosTable table =
        new ChaosChecks(
                before,
                after,
                janitor,
                stripe.droppedWebhooks(),
                api.leaks(),
                api.answers(),
                logLeaks(),
                stack.logFiles().size())
            .table();
    timings.forEach(table::timing);
    table.timing("faults injected", String.join("; ", faultsInjected));
    return table;
  }

  // ---- the merchant and its customers ------------------------------------------------------

  private void connectMerchant() {
    String stripeKey = "sk_test_chaos" + HexFormat.of().formatHex(ProcessStack.random(12));
    SettleApi.Answer merchant =
        api.createMerchant(
            stack.bootstrapToken(),
            Map.of(
                "name", "Chaos Billing",
                "defaultCurrency", "USD",
                "autopay", "ON_CREATION",
                "stripe", Map.of("secretKey", stripeKey, "publishableKey", "pk_test_chaos1234")));
    require(merchant.status() == 201, "merchant refused: " + merchant.status());
    merchantId = merchant.body().path("merchant").path("id").asLong();
    adminKey = merchant.body().path("adminApiKey").asText();
    secrets.adminKey(adminKey);
    stripe.account(stripeKey);
    // Settle's inbox registered at "Stripe", as the README's walkthrough does.
    SettleApi.Answer endpoint =
        api.put(
            "/api/v1/merchants/me/webhook-endpoint",
            adminKey,
            Map.of("url", stack.apiUrl() + "/webhooks/stripe/" + merchantId));
    require(endpoint.ok(), "webhook endpoint refused: " + endpoint.status());
    log("merchant %d connected, its webhook endpoint registered", merchantId);
  }

  private Map<Method, List<Long>> customers() {
    Map<Method, List<Long>> customers = new EnumMap<>(Method.class);
    for (Method method : ChaosPlan.METHODS) {
      for (int i = 0; i < CUSTOMERS_PER_METHOD; i++) {
        String name = method.name().toLowerCase() + " " + (i + 1);
        String stripeCustomer = stripe.createCustomer(name);
        SettleApi.Answer customer =
            api.post(
                "/api/v1/customers",
                adminKey,
                Map.of(
                    "name",
                    name,
                    "email",
                    "accounts@chaos.test",
                    "stripeCustomerId",
                    stripeCustomer,
                    "defaultPaymentMethodId",
                    method.paymentMethod),
                null);
        require(customer.status() == 201, "customer refused: " + customer.raw());
        customers
            .computeIfAbsent(method, m -> new ArrayList<>())
            .add(customer.body().path("id").asLong());
      }
    }
    return customers;
  }

  // ---- the burst ---------------------------------------------------------------------------

  private void createInvoices(Map<Method, List<Long>> customers) throws Exception {
    String run = HexFormat.of().formatHex(ProcessStack.random(4));
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Long>> made = new ArrayList<>();
      List<Method> methods = new ArrayList<>();
      for (int n = 0; n < plan.invoices(); n++) {
        Method method = plan.methodOf(n);
        List<Long> ofMethod = customers.get(method);
        long customer = ofMethod.get(n % ofMethod.size());
        String number = "CHAOS-" + run + "-" + n;
        long amount = 1_000 + 7L * n; // all different, so a payment on the wrong invoice shows
        methods.add(method);
        made.add(pool.submit(() -> createInvoice(number, customer, amount)));
      }
      for (int n = 0; n < made.size(); n++) {
        invoices.put(made.get(n).get(), methods.get(n));
      }
    }
  }

  /**
   * One invoice, whatever is down: the same Idempotency-Key on every try, so a retry after an
   * answer lost to a restart creates nothing twice.
   */
  private long createInvoice(String number, long customer, long amount) throws Exception {
    Map<String, Object> body =
        Map.of(
            "number",
            number,
            "customerId",
            customer,
            "currency",
            "USD",
            "dueDate",
            LocalDate.now().plusDays(14).toString(),
            "autopay",
            "ON_CREATION",
            "lines",
            List.of(Map.of("description", "Chaos consulting", "amount", amount)));
    long deadline = System.nanoTime() + plan.deadline().toNanos();
    String lastAnswer = "";
    while (System.nanoTime() < deadline) {
      SettleApi.Answer made = api.post("/api/v1/invoices", adminKey, body, "chaos-" + number);
      // 200: the same invoice was stored by an earlier try whose answer was lost (a MariaDB
      // restart, say); this call started its workflow, as a retry is meant to.
      if (made.status() == 201 || made.status() == 200) {
        return made.body().path("id").asLong();
      }
      if (made.status() == 409) {
        // Made by an earlier try whose answer was lost before its key was stored.
        Optional<Long> existing = ledger.invoiceNumbered(merchantId, number);
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      lastAnswer = made.status() + " " + made.raw();
      Thread.sleep(500);
    }
    throw new IllegalStateException("invoice " + number + " never made: " + lastAnswer);
  }

  /**
   * The plan's disruptions, spread over the burst and the charging after it: worker kills, Temporal
   * restarts, the MariaDB restart and 429 bursts, one every few seconds.
   */
  private Void injectFaultsDuringTheBurst() throws Exception {
    List<String> schedule = new ArrayList<>();
    int kills = plan.workerKills();
    int throttles = plan.throttleBursts();
    int restarts = plan.temporalRestarts();
    boolean mariadb = plan.mariadbRestart().isPresent();
    while (kills > 0 || throttles > 0 || restarts > 0 || mariadb) {
      if (throttles > 0) {
        schedule.add("throttle");
        throttles--;
      }
      if (kills > 0) {
        schedule.add("kill");
        kills--;
      }
      if (restarts > 0) {
        schedule.add("temporal");
        restarts--;
      }
      if (mariadb) {
        schedule.add("mariadb");
        mariadb = false;
      }
    }
    Thread.sleep(3_000); // the burst under way first
    int killed = 0;
    for (String fault : schedule) {
      long start = System.nanoTime();
      switch (fault) {
        case "throttle" -> {
          stripe.control(
              "POST",
              "/faults",
              Map.of(
                  "method", "POST",
                  "path", "/v1/payment_intents",
                  "fault", "throttle",
                  "fraction", "1",
                  "duration_ms", "3000"));
          note("429 burst on POST /v1/payment_intents for 3 s");
        }
        case "kill" -> {
          int index = killed++ % stack.workerCount();
          long pid = stack.killWorkerAndStartAnother(index);
          note("worker pid %d killed (SIGKILL), another up after %s", pid, since(start));
        }
        case "temporal" -> {
          Duration away = stack.restartTemporal();
          note("Temporal restarted, away %s", seconds(away));
        }
        case "mariadb" -> {
          restartMariaDb(plan.mariadbRestart().orElseThrow());
          note("MariaDB restarted in %s", since(start));
        }
        default -> throw new AssertionError(fault);
      }
      Thread.sleep(4_000);
    }
    return null;
  }

  private void restartMariaDb(String command) throws Exception {
    Process restart =
        new ProcessBuilder("bash", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(stack.logs().resolve("mariadb-restart.log").toFile())
            .start();
    if (!restart.waitFor(3, TimeUnit.MINUTES) || restart.exitValue() != 0) {
      throw new IllegalStateException(
          "restarting MariaDB failed; see " + stack.logs().resolve("mariadb-restart.log"));
    }
    await("MariaDB answering again", ledger::reachable);
  }

  private void armChargeFaults() {
    if (plan.chargeFaultFraction() <= 0) {
      return;
    }
    String fraction = Double.toString(plan.chargeFaultFraction());
    for (String path : List.of("/v1/payment_intents", "/v1/payment_intents/*/confirm")) {
      stripe.control(
          "POST",
          "/faults",
          Map.of("method", "POST", "path", path, "fault", "fail_after", "fraction", fraction));
      // Held for 8 s: past Settle's 3 s read timeout, and then let go.
      stripe.control(
          "POST",
          "/faults",
          Map.of(
              "method",
              "POST",
              "path",
              path,
              "fault",
              "timeout_after",
              "delay_ms",
              "8000",
              "fraction",
              fraction));
    }
    note(
        "%.0f%% 500-after-effect and %.0f%% timeout-after-effect on PaymentIntent writes",
        plan.chargeFaultFraction() * 100, plan.chargeFaultFraction() * 100);
  }

  private void armWebhookFaults(double drop) {
    stripe.control(
        "POST",
        "/webhooks/faults",
        Map.of(
            "drop_fraction", Double.toString(drop),
            "duplicate_fraction", Double.toString(plan.duplicateFraction()),
            "reorder_fraction", Double.toString(plan.reorderFraction()),
            "reorder_delay_ms", "1500"));
  }

  /**
   * Until every invoice's first charge has its answer at Stripe: cards paid or declined, 3-D Secure
   * waiting on the customer, ACH processing.
   */
  private void awaitEveryChargeMade() throws Exception {
    // Not an error when it does not happen: an invoice whose run died shows in the checks.
    awaitOrNote(
        "every invoice charged once",
        () -> {
          Map<String, List<Intent>> byInvoice = intentsByInvoice(stripe.paymentIntents());
          return invoices.keySet().stream()
              .allMatch(id -> !byInvoice.getOrDefault(Long.toString(id), List.of()).isEmpty());
        });
    awaitOrNote(
        "every waiting invoice waiting",
        () -> {
          Map<Long, String> status = ledger.invoiceStatuses(merchantId);
          return invoices.entrySet().stream()
              .allMatch(
                  e ->
                      switch (e.getValue()) {
                        case CARD_SUCCEEDS -> "PAID".equals(status.get(e.getKey()));
                        case THREE_D_SECURE -> "REQUIRES_ACTION".equals(status.get(e.getKey()));
                        case ACH_SETTLES, ACH_FAILS -> "PROCESSING".equals(status.get(e.getKey()));
                        case CARD_DECLINES, CARD_HARD_DECLINE ->
                            ledger.hasDeclinedAttempt(e.getKey());
                      });
        });
    timings.put("every invoice charged, waiting or paid", since(started));
  }

  // ---- settling ----------------------------------------------------------------------------

  private void settle() throws Exception {
    List<Intent> waiting =
        stripe.paymentIntents().stream()
            .filter(i -> Set.of("processing", "requires_action").contains(i.status()))
            .filter(
                i -> i.invoiceId() != null && invoices.containsKey(Long.parseLong(i.invoiceId())))
            .toList();
    Map<Long, Method> methodOf = invoices;
    List<Intent> achSettling =
        waiting.stream()
            .filter(i -> methodOf.get(Long.parseLong(i.invoiceId())) == Method.ACH_SETTLES)
            .toList();
    List<Intent> rest = new ArrayList<>(waiting);

    if (plan.lostSucceededWebhooks() > 0) {
      require(
          achSettling.size() >= plan.lostSucceededWebhooks(),
          "only " + achSettling.size() + " ACH debits processing to lose webhooks of");
      List<Intent> lost = achSettling.subList(0, plan.lostSucceededWebhooks());
      loseSucceededWebhooks(lost);
      rest.removeAll(lost);
    }

    if (plan.temporalAway().isPositive()) {
      long lastBefore = ledger.lastEventRow();
      long stopStart = System.nanoTime();
      stack.stopTemporal();
      settleEach(rest);
      long remaining = plan.temporalAway().toMillis() - (System.nanoTime() - stopStart) / 1_000_000;
      if (remaining > 0) {
        Thread.sleep(remaining);
      }
      stack.startTemporalAgain();
      long backNanos = System.nanoTime();
      long lastAway = ledger.lastEventRow();
      Duration away = Duration.ofNanos(backNanos - stopStart);
      long storedWhileAway = ledger.eventsBetween(merchantId, lastBefore, lastAway);
      note(
          "Temporal away %s while %d ACH/3-D Secure intents were settled",
          seconds(away), rest.size());
      await(
          "the events stored while Temporal was away handed over",
          () -> ledger.unfinishedEventsBetween(merchantId, lastBefore, lastAway) == 0);
      timings.put("Temporal away (stopped to answering again)", seconds(away));
      timings.put("webhooks stored while Temporal was away", Long.toString(storedWhileAway));
      timings.put(
          "of them DISPATCHED or IGNORED after its return",
          ledger.finishedEventsBetween(merchantId, lastBefore, lastAway)
              + ", the last "
              + since(backNanos)
              + " after it answered");
    } else {
      settleEach(rest);
    }
  }

  /**
   * Settles {@code lost}, ACH debits, while the simulator drops exactly their {@code
   * payment_intent.succeeded}: nothing else is settled meanwhile, and Settle's own poll of a
   * processing debit waits six hours, so only the janitor can find them.
   */
  private void loseSucceededWebhooks(List<Intent> lost) throws Exception {
    awaitQuiet("before losing webhooks");
    int droppedBefore = succeededDropped().size();
    try {
      stripe.control(
          "POST",
          "/webhooks/faults",
          Map.of(
              "drop_next", Integer.toString(lost.size()), "drop_type", "payment_intent.succeeded"));
    } catch (IllegalStateException noDropNext) {
      // A simulator without drop_next: drop everything while only these settle.
      armWebhookFaults(1.0);
    }
    for (Intent intent : lost) {
      stripe.control(
          "POST", "/payment_intents/" + intent.id() + "/settle", Map.of("outcome", "succeed"));
    }
    await(
        lost.size() + " payment_intent.succeeded dropped",
        () -> succeededDropped().size() - droppedBefore >= lost.size());
    armWebhookFaults(0);
    note("%d payment_intent.succeeded webhooks of settled ACH debits dropped", lost.size());
  }

  private List<JsonNode> succeededDropped() {
    return stripe.droppedWebhooks().stream()
        .filter(d -> "payment_intent.succeeded".equals(d.path("type").asText()))
        .toList();
  }

  private void settleEach(List<Intent> intents) {
    int n = 0;
    for (Intent intent : intents) {
      Method method = invoices.get(Long.parseLong(intent.invoiceId()));
      if (method == null) {
        continue;
      }
      switch (method) {
        case ACH_SETTLES, ACH_FAILS ->
            stripe.control(
                "POST",
                "/payment_intents/" + intent.id() + "/settle",
                Map.of("outcome", method == Method.ACH_SETTLES ? "succeed" : "fail"));
        case THREE_D_SECURE ->
            stripe.control(
                "POST",
                "/payment_intents/" + intent.id() + "/three_d_secure",
                Map.of("outcome", n++ % 2 == 0 ? "succeed" : "fail"));
        default -> {
          // cards are done
        }
      }
    }
  }

  // ---- the janitor -------------------------------------------------------------------------

  private JsonNode runJanitor() throws Exception {
    long start = System.nanoTime();
    SettleApi.Answer started =
        api.post(
            "/api/v1/ops/reconciliations",
            adminKey,
            Map.of(
                "since", this.started.minus(Duration.ofMinutes(10)).toString(),
                "until", Instant.now().plus(Duration.ofMinutes(1)).toString()),
            null);
    if (started.status() != 202) {
      log("the janitor did not start: %d %s", started.status(), started.raw());
      return null;
    }
    String id = started.body().path("id").asText();
    JsonNode[] report = new JsonNode[1];
    await(
        "the janitor's run " + id + " finished",
        () -> {
          SettleApi.Answer read = api.get("/api/v1/ops/reconciliations/" + id, adminKey);
          report[0] = read.body();
          return read.ok() && !"RUNNING".equals(read.body().path("status").asText());
        });
    timings.put("janitor run", seconds(Duration.ofNanos(System.nanoTime() - start)));
    log("janitor %s: %s, drift %s", id, report[0].path("status").asText(), report[0].path("drift"));
    return report[0];
  }

  // ---- what is, for the checks -------------------------------------------------------------

  private ChaosChecks.Facts facts() throws Exception {
    List<Intent> intents = stripe.paymentIntents();
    List<Ledger.Invoice> invoiceRows = ledger.invoices(merchantId);
    return new ChaosChecks.Facts(
        Instant.now(),
        intents,
        ledger.payments(merchantId),
        invoiceRows,
        ledger.attempts(merchantId),
        ledger.unfinishedEvents(merchantId),
        ledger.eventStates(merchantId),
        ChaosChecks.openWithoutRunningWorkflow(stack.client(), invoiceRows));
  }

  private List<String> logLeaks() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (var log : stack.logFiles()) {
      leaks.addAll(secrets.findIn(log));
    }
    return leaks;
  }

  static Map<String, List<Intent>> intentsByInvoice(List<Intent> intents) {
    Map<String, List<Intent>> byInvoice = new HashMap<>();
    for (Intent intent : intents) {
      if (intent.invoiceId() != null) {
        byInvoice.computeIfAbsent(intent.invoiceId(), k -> new ArrayList<>()).add(intent);
      }
    }
    return byInvoice;
  }

  // ---- waiting -----------------------------------------------------------------------------

  /**
   * Until nothing changes for the plan's quiet time and no stored event waits to be handed over;
   * the deadline passing is not an error here: the checks then show what did not settle.
   */
  private void awaitQuiet(String when) throws Exception {
    long start = System.nanoTime();
    long deadline = start + plan.deadline().toNanos();
    String last = "";
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      String now;
      try {
        now = ledger.fingerprint(merchantId);
      } catch (Exception unreachable) {
        now = "unreachable";
      }
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince >= plan.quietFor().toNanos()
          && now.contains("unfinished=0")) {
        timings.put("quiet " + when, since(start) + " (" + now + ")");
        return;
      }
      Thread.sleep(500);
    }
    log("not quiet %s after %s: %s", when, plan.deadline(), last);
    timings.put("quiet " + when, "NOT within " + plan.deadline() + " (" + last + ")");
  }

  private void awaitOrNote(String what, BooleanSupplier condition) throws Exception {
    try {
      await(what, condition);
    } catch (IllegalStateException notMet) {
      log("%s; going on, the checks will show what is missing", notMet.getMessage());
      timings.put(what, "NOT within " + plan.deadline());
    }
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + plan.deadline().toNanos();
    while (true) {
      boolean met;
      try {
        met = condition.getAsBoolean();
      } catch (RuntimeException notNow) {
        met = false;
      }
      if (met) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + plan.deadline() + ": " + what);
      }
      Thread.sleep(500);
    }
  }

  // ---- saying ------------------------------------------------------------------------------

  private void note(String format, Object... args) {
    String what = format.formatted(args);
    faultsInjected.add(what);
    log.accept("[chaos] " + what);
  }

  private void log(String format, Object... args) {
    log.accept("[chaos] " + format.formatted(args));
  }

  private static void require(boolean condition, String otherwise) {
    if (!condition) {
      throw new IllegalStateException(otherwise);
    }
  }

  private String since(Instant start) {
    return seconds(Duration.between(start, Instant.now()));
  }

  private static String since(long startNanos) {
    return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  static String seconds(Duration duration) {
    return "%.1f s".formatted(duration.toMillis() / 1000.0);
  }

  static String joined(List<?> items, int most) {
    String shown =
        items.stream().limit(most).map(String::valueOf).collect(Collectors.joining(", "));
    return items.size() > most ? shown + ", … (" + items.size() + ")" : shown;
  }
}
