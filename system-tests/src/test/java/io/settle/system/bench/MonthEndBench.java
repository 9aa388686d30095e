package io.settle.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.settle.persistence.merchant.CredentialCipher;
import io.settle.persistence.merchant.CryptoProperties;
import io.settle.system.SettleHttp;
import io.settle.system.TestMerchant;
import io.settle.system.stack.ProcessStack;
import io.settle.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Settle at month-end, on the real stack in separate processes ({@link ProcessStack}): the figures
 * of issue 12, P1 to P6, each against a baseline measured in the same run. A benchmark: it prints
 * figures and writes them to {@code bench/results.md} and {@code bench/results.csv}, and never
 * passes or fails on them. Run by {@code bin/bench}; not part of the Test command.
 *
 * <p>Arguments: the figures to run ({@code p1 p2 p3 p4 p5 p6}; none means all), and options {@code
 * --p3-invoices=1000 --p4-invoices=500 --p5-rate=500 --p5-seconds=30 --p6-invoices=100000}.
 */
public final class MonthEndBench {

  private static final ObjectMapper json = new ObjectMapper();
  private static final int TEST_MODE_WRITES_PER_SECOND = 25;

  private final ProcessStack stack;
  private final SettleHttp api;
  private final Map<String, String> options;
  private final BenchReport report;

  private MonthEndBench(ProcessStack stack, Map<String, String> options, BenchReport report) {
    this.stack = stack;
    this.api = new SettleHttp(stack.apiUrl());
    this.options = options;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    List<String> figures = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (!arg.isBlank()) {
        figures.add(arg.toLowerCase());
      }
    }
    if (figures.isEmpty() || figures.contains("all")) {
      figures = List.of("p1", "p2", "p3", "p4", "p5", "p6");
    }
    ProcessStack.Setup setup =
        ProcessStack.Setup.of(
                Path.of(System.getProperty("settle.bench.repo", ".")).toAbsolutePath().normalize(),
                Path.of(System.getProperty("settle.bench.repo", "."))
                    .toAbsolutePath()
                    .normalize()
                    .resolve("system-tests/target/bench"),
                System.getProperty("settle.bench.db.url"),
                System.getProperty("settle.bench.temporal.cli", "temporal"))
            .withProperties(Map.of("settle.bench.enabled", "true"), Map.of())
            .withProfile(Boolean.getBoolean("settle.bench.profile"));
    BenchReport report = new BenchReport(setup.repo(), options);
    int status = 0;
    try (ProcessStack stack = ProcessStack.start(setup, 1)) {
      MonthEndBench bench = new MonthEndBench(stack, options, report);
      if (figures.contains("p1") || figures.contains("p2") || figures.contains("p4")) {
        bench.paidInvoices(figures);
      }
      if (figures.contains("p3")) {
        bench.chargeRuns();
      }
      if (figures.contains("p5")) {
        bench.webhookFlood();
      }
      if (figures.contains("p6")) {
        bench.openInvoices();
      }
    } catch (Exception | Error e) {
      say("the benchmark stopped: %s", e);
      e.printStackTrace(System.out);
      status = 1;
    }
    report.write();
    System.exit(status);
  }

  // ---- P1, P2, P4: auto-charged invoices paid, without a Stripe limit ---------------------------

  private void paidInvoices(List<String> figures) throws Exception {
    int count = option("p4-invoices", 500);
    int merchantCount = 10; // each merchant's own pacing (25/s) is not what this measures
    List<TestMerchant> merchants = new ArrayList<>();
    List<Long> customers = new ArrayList<>();
    for (int i = 0; i < merchantCount; i++) {
      TestMerchant merchant = merchant();
      merchants.add(merchant);
      customers.add(merchant.customerPayingWith("pm_card_visa"));
    }
    Map<String, Long> routesBefore = routes();
    long start = System.nanoTime();
    List<Long> invoices =
        inParallel(
            count,
            i -> {
              TestMerchant merchant = merchants.get(i % merchantCount);
              return createInvoice(
                  merchant, invoiceBody(customers.get(i % merchantCount), "ON_CREATION", 14));
            });
    awaitPaid(invoices, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    double paidPerSecond = count / seconds;
    Map<String, Long> calls = delta(routesBefore, routes());
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    say(
        "%d invoices created and paid in %.1f s: %.1f/s; Stripe calls by route: %s",
        count, seconds, paidPerSecond, calls);
    if (figures.contains("p1")) {
      report.add(
          "P1",
          "Stripe calls per auto-charged paid invoice",
          "%.2f".formatted((double) total / count),
          "",
          "",
          "1.00",
          count + " invoices; " + calls);
    }

    // One paid invoice's history: its length (P2), and what the bare baseline must run (P4).
    // The last invoice made: the run's first ones meet a cold worker (a failed first workflow
    // task, retried, adds three events); the first's length is reported beside it.
    List<HistoryEvent> history =
        stack
            .client()
            .fetchHistory(WorkflowIds.invoicePayment(invoices.get(invoices.size() - 1)))
            .getEvents();
    int first =
        stack.client().fetchHistory(WorkflowIds.invoicePayment(invoices.get(0))).getEvents().size();
    int activities = count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    int locals =
        (int)
            history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                .filter(
                    e ->
                        "LocalActivity"
                            .equals(e.getMarkerRecordedEventAttributes().getMarkerName()))
                .count();
    if (figures.contains("p2")) {
      int dunned =
          committedHistoryLength("theFullDunningScheduleRunsThenTheInvoiceIsLeftOpen.json");
      report.add(
          "P2",
          "history events: paid auto-charged invoice / fully dunned invoice (5 attempts)",
          history.size() + " / " + dunned,
          "",
          "",
          "<= 25 / <= 80",
          "paid: a real run on the dev server ("
              + activities
              + " activity, "
              + locals
              + " local activities); dunned: the committed history the replay tests hold to the code"
              + " (days of dunning cannot pass live)");
    }
    if (figures.contains("p4")) {
      double bare = bareWorkflows(count, activities, locals);
      report.add(
          "P4",
          "paid invoices/s, no Stripe limit (created through the API, charged, recorded)",
          "%.1f/s".formatted(paidPerSecond),
          "%.1f/s".formatted(bare),
          "%.2f".formatted(paidPerSecond / bare),
          ">= 0.8",
          "baseline: a bare workflow started from the client running the same "
              + activities
              + " activity and "
              + locals
              + " local activities, same server");
    }
  }

  private double bareWorkflows(int count, int activities, int locals) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(stack.client());
    Worker worker = factory.newWorker(BareWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(BareWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new BareWorkflow.NothingImpl());
    factory.start();
    try {
      String run = UUID.randomUUID().toString().substring(0, 8);
      long start = System.nanoTime();
      List<Long> ids =
          inParallel(
              count,
              i -> {
                BareWorkflow workflow =
                    stack
                        .client()
                        .newWorkflowStub(
                            BareWorkflow.class,
                            WorkflowOptions.newBuilder()
                                .setTaskQueue(BareWorkflow.TASK_QUEUE)
                                .setWorkflowId("bench-bare-" + run + "-" + i)
                                .build());
                io.temporal.client.WorkflowClient.start(workflow::run, activities, locals);
                return (long) i;
              });
      for (long i : ids) {
        WorkflowStub.fromTyped(
                stack.client().newWorkflowStub(BareWorkflow.class, "bench-bare-" + run + "-" + i))
            .getResult(60, TimeUnit.SECONDS, Void.class);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      say("%d bare workflows in %.1f s: %.1f/s", count, seconds, count / seconds);
      return count / seconds;
    } finally {
      factory.shutdownNow();
    }
  }

  // ---- P3: due invoices charged at Stripe's test-mode limit -------------------------------------

  private void chargeRuns() throws Exception {
    int count = option("p3-invoices", 1_000);
    chargeRun(count, "one worker", 0);
    stack.startWorker();
    chargeRun(count, "two workers", 0);
    stack.stopExtraWorkers();
    chargeRun(count, "one worker, 10% of writes throttled (429)", 0.1);
  }

  private void chargeRun(int count, String variant, double throttled) throws Exception {
    TestMerchant merchant = merchant();
    long customer = merchant.customerPayingWith("pm_card_visa");
    List<Long> invoices =
        inParallel(count, i -> createInvoice(merchant, invoiceBody(customer, "OFF", 14)));
    control(
        "POST",
        "/_simulator/rate_limit",
        "reads_per_second=0&writes_per_second=" + TEST_MODE_WRITES_PER_SECOND);
    if (throttled > 0) {
      control(
          "POST",
          "/_simulator/faults",
          "method=POST&path=/v1/payment_intents&fault=throttle&fraction=" + throttled);
    }
    long requestsBefore = paymentIntentRequests();
    long intentsBefore = paymentIntentsMade();
    long start = System.nanoTime();
    try {
      SettleHttp.Response run =
          api.post("/api/v1/charge-runs", merchant.adminKey, Map.of("invoiceIds", invoices));
      if (run.status() != 201 && run.status() != 202 && run.status() != 200) {
        throw new IllegalStateException("charge run refused: " + run.raw());
      }
      awaitPaid(invoices, Duration.ofMinutes(15));
    } finally {
      control("DELETE", "/_simulator/faults", "");
      control("POST", "/_simulator/rate_limit", "reads_per_second=0&writes_per_second=0");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long requests = paymentIntentRequests() - requestsBefore;
    long intents = paymentIntentsMade() - intentsBefore;
    long refused = requests - count;
    long doublePaid = invoicesPaidMoreThanOnce(merchant.id);
    double ideal = (double) count / TEST_MODE_WRITES_PER_SECOND;
    say(
        "P3 %s: %d invoices charged in %.1f s (ideal %.1f s): %.1f charges/s; %d PaymentIntent"
            + " requests, %d PaymentIntents, %d refused (429), %d invoices paid twice",
        variant, count, seconds, ideal, count / seconds, requests, intents, refused, doublePaid);
    report.add(
        "P3",
        count + " due invoices, charge run at 25 writes/s: " + variant,
        "%.1f s".formatted(seconds),
        "%.1f s".formatted(ideal),
        "%.2f".formatted(seconds / ideal),
        throttled > 0 ? "each charged once" : "<= 1.05, zero 429s",
        "%d 429s; %d PaymentIntents for %d invoices; %d paid twice"
            .formatted(refused, intents, count, doublePaid));
  }

  // ---- P5: the webhook inbox in a flood, against a bare INSERT endpoint ----------------------

  private void webhookFlood() throws Exception {
    int rate = option("p5-rate", 500);
    int seconds = option("p5-seconds", 30);
    TestMerchant merchant = merchant();
    String secret = "whsec_" + HexFormat.of().formatHex(ProcessStack.random(24));
    storeSigningSecret(merchant.id, secret);
    List<Target> targets = invoicesAwaitingTheCustomer(merchant, 60);
    say(
        "P5: %d invoices in REQUIRES_ACTION; flooding at %d/s for %d s",
        targets.size(), rate, seconds);

    int total = rate * seconds;
    EventMix mix = new EventMix(merchant.id, targets, new SplittableRandom(20261204));
    String[] bodies = new String[total];
    boolean[] forged = new boolean[total];
    SplittableRandom forgery = new SplittableRandom(7);
    for (int i = 0; i < total; i++) {
      bodies[i] = mix.next(i);
      forged[i] = forgery.nextInt(100) < 5;
    }
    String baselineUrl = stack.apiUrl() + "/webhooks/baseline/" + merchant.id;
    String inboxUrl = stack.apiUrl() + "/webhooks/stripe/" + merchant.id;
    // Warm both doors up the same way, then the baseline first, so the inbox's dispatch backlog
    // never weighs on the baseline's run.
    Flood.send(baselineUrl, bodies, new boolean[bodies.length], secret, 100, 5);
    Flood.send(inboxUrl, warmUpBodies(mix, 500), new boolean[500], secret, 100, 5);
    Flood.Result baseline =
        Flood.send(baselineUrl, bodies, new boolean[total], secret, rate, seconds);
    long storedBefore = storedEvents(merchant.id);
    long floodStart = System.nanoTime();
    Flood.Result inbox = Flood.send(inboxUrl, bodies, forged, secret, rate, seconds);
    Duration applied = awaitApplied(merchant.id, Duration.ofMinutes(20));
    double appliedSeconds = (System.nanoTime() - floodStart) / 1e9;
    long forgedStored = forgedStored(merchant.id);
    Map<String, Long> states = eventStates(merchant.id);
    say("P5 baseline: %s", baseline);
    say("P5 inbox:    %s", inbox);
    say(
        "P5: %d forged or stale sent, %d refused with 400, %d stored; events by state %s; all"
            + " applied %.0f s after the flood began (%s)",
        inbox.forgedSent(), inbox.forgedRefused(), forgedStored, states, appliedSeconds, applied);
    report.add(
        "P5",
        "webhook inbox at %d/s for %d s: p99 (p50, answers/s)".formatted(rate, seconds),
        "%.1f ms (p50 %.1f, %.0f/s)"
            .formatted(inbox.p99Millis(), inbox.p50Millis(), inbox.throughput()),
        "%.1f ms (p50 %.1f, %.0f/s)"
            .formatted(baseline.p99Millis(), baseline.p50Millis(), baseline.throughput()),
        "%.2f".formatted(inbox.p99Millis() / baseline.p99Millis()),
        "<= 1.5 and < 50 ms",
        ("%d forged or stale: %d refused 400, %d stored; %d valid events stored (%d new rows)"
                + "; by state %s; all applied %.0f s after the flood began")
            .formatted(
                inbox.forgedSent(),
                inbox.forgedRefused(),
                forgedStored,
                total - inbox.forgedSent(),
                storedEvents(merchant.id) - storedBefore,
                states,
                appliedSeconds));
    report.plot(baseline, inbox, rate, seconds);
  }

  private static String[] warmUpBodies(EventMix mix, int count) throws Exception {
    String[] bodies = new String[count];
    for (int i = 0; i < count; i++) {
      bodies[i] = mix.warmUp(i);
    }
    return bodies;
  }

  /** An invoice whose workflow waits for the customer to authenticate its PaymentIntent. */
  record Target(long invoiceId, String paymentIntentId, long amount) {}

  private List<Target> invoicesAwaitingTheCustomer(TestMerchant merchant, int count)
      throws Exception {
    long customer = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    List<Long> ids =
        inParallel(count, i -> createInvoice(merchant, invoiceBody(customer, "ON_CREATION", 14)));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      Map<Long, String> waiting =
          query(
              "SELECT a.invoice_id, a.stripe_payment_intent_id FROM payment_attempt a"
                  + " JOIN invoice i ON i.id = a.invoice_id"
                  + " WHERE a.merchant_id = ? AND i.status = 'REQUIRES_ACTION'"
                  + " AND a.stripe_payment_intent_id IS NOT NULL",
              merchant.id);
      if (waiting.size() >= ids.size()) {
        return waiting.entrySet().stream()
            .map(e -> new Target(e.getKey(), e.getValue(), 4_200L))
            .toList();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + waiting.size() + " of " + ids.size() + " invoices reached REQUIRES_ACTION");
      }
      Thread.sleep(250);
    }
  }

  /**
   * The events of the flood, in sending order, from a fixed seed: mostly payment_intent.* events
   * for the invoices' real PaymentIntents, failures of PaymentIntents they never made, events
   * Settle stores without acting on, and repeats (Stripe delivers at least once).
   */
  static final class EventMix {
    private final long merchantId;
    private final List<Target> targets;
    private final SplittableRandom random;
    private final List<String> sent = new ArrayList<>();
    private final long created = System.currentTimeMillis() / 1000;

    EventMix(long merchantId, List<Target> targets, SplittableRandom random) {
      this.merchantId = merchantId;
      this.targets = targets;
      this.random = random;
    }

    String next(int n) throws Exception {
      int roll = random.nextInt(1000);
      if (roll < 100 && !sent.isEmpty()) { // 10%: a repeat of an event already sent
        return sent.get(random.nextInt(sent.size()));
      }
      Target target = targets.get(random.nextInt(targets.size()));
      String id = "evt_bench_" + merchantId + "_" + n;
      String body;
      if (roll < 640) { // 54%: still waiting for the customer
        body =
            paymentIntentEvent(
                id, "payment_intent.requires_action", target, target.paymentIntentId(), 0);
      } else if (roll < 740) { // 10%: authenticated, now processing
        body =
            paymentIntentEvent(
                id, "payment_intent.processing", target, target.paymentIntentId(), 0);
      } else if (roll < 750) { // 1%: paid; the run ends and later events for it change nothing
        body =
            paymentIntentEvent(
                id, "payment_intent.succeeded", target, target.paymentIntentId(), target.amount());
      } else if (roll < 850) { // 10%: a PaymentIntent the invoice's run never made
        body =
            paymentIntentEvent(
                id, "payment_intent.payment_failed", target, "pi_bench_foreign_" + n, 0);
      } else { // 15%: stored, not acted on
        body =
            event(
                id,
                "customer.updated",
                Map.of("id", "cus_bench_" + n, "object", "customer", "metadata", Map.of()));
      }
      sent.add(body);
      return body;
    }

    /** Events that are stored and acted on by nobody: warming the inbox changes no invoice. */
    String warmUp(int n) throws Exception {
      return event(
          "evt_warm_" + merchantId + "_" + n,
          "charge.refunded",
          Map.of("id", "ch_warm_" + n, "object", "charge"));
    }

    private String paymentIntentEvent(
        String id, String type, Target target, String paymentIntentId, long received)
        throws Exception {
      Map<String, Object> intent = new LinkedHashMap<>();
      intent.put("id", paymentIntentId);
      intent.put("object", "payment_intent");
      intent.put("amount", target.amount());
      intent.put("amount_received", received);
      intent.put("currency", "usd");
      intent.put(
          "metadata",
          Map.of(
              "settle_invoice_id", String.valueOf(target.invoiceId()),
              "settle_merchant_id", String.valueOf(merchantId)));
      if (type.equals("payment_intent.payment_failed")) {
        intent.put(
            "last_payment_error",
            Map.of("code", "card_declined", "decline_code", "generic_decline", "message", "x"));
      }
      return event(id, type, intent);
    }

    private String event(String id, String type, Map<String, Object> object) throws Exception {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("id", id);
      event.put("object", "event");
      event.put("api_version", com.stripe.Stripe.API_VERSION);
      event.put("created", created);
      event.put("livemode", false);
      event.put("type", type);
      event.put("data", Map.of("object", object));
      return json.writeValueAsString(event);
    }
  }

  /** An open-loop sender: each request's send time is fixed in advance, whatever the answers. */
  static final class Flood {

    record Result(
        long[] scheduledOffsetNanos,
        long[] latencyNanos,
        double throughput,
        double p50Millis,
        double p99Millis,
        int errors,
        int forgedSent,
        int forgedRefused,
        int validRefused) {

      @Override
      public String toString() {
        return "p50 %.1f ms, p99 %.1f ms, %.0f answers/s, %d errors (valid events refused: %d)"
            .formatted(p50Millis, p99Millis, throughput, errors, validRefused);
      }
    }

    static Result send(
        String url, String[] bodies, boolean[] forged, String secret, int rate, int seconds)
        throws Exception {
      int total = Math.min(bodies.length, rate * seconds);
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(4))
              .build();
      URI uri = URI.create(url);
      long[] latency = new long[total];
      long[] offsets = new long[total];
      java.util.Arrays.fill(latency, -1);
      AtomicInteger errors = new AtomicInteger();
      AtomicInteger forgedRefused = new AtomicInteger();
      AtomicInteger validRefused = new AtomicInteger();
      int forgedSent = 0;
      List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      for (int i = 0; i < total; i++) {
        long intended = start + i * interval;
        offsets[i] = intended - start;
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        boolean bad = forged[i];
        if (bad) {
          forgedSent++;
        }
        // Forged (signed with another secret) or stale (signed ten minutes ago), alternately, each
        // under an event id of its own, so the inbox can be checked to have stored none.
        String body = bad ? bodies[i].replace("\"evt_bench_", "\"evt_forged_") : bodies[i];
        String signature =
            !bad
                ? signature(secret, body, 0)
                : i % 2 == 0 ? signature("whsec_forged", body, 0) : signature(secret, body, 600);
        int n = i;
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        inFlight.add(
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (response, failure) -> {
                      latency[n] = System.nanoTime() - intended;
                      if (failure != null) {
                        errors.incrementAndGet();
                      } else if (bad) {
                        if (response.statusCode() == 400) {
                          forgedRefused.incrementAndGet();
                        } else {
                          errors.incrementAndGet();
                        }
                      } else if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                        validRefused.incrementAndGet();
                      }
                    }));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
          .handle((ok, failure) -> null)
          .join();
      long end = System.nanoTime();
      long[] done = java.util.Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
      return new Result(
          offsets,
          latency,
          done.length / ((end - start) / 1e9),
          percentile(done, 50) / 1e6,
          percentile(done, 99) / 1e6,
          errors.get(),
          forgedSent,
          forgedRefused.get(),
          validRefused.get());
    }

    /** Stripe's scheme: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the secret>. */
    static String signature(String secret, String body, long secondsAgo) {
      try {
        long t = System.currentTimeMillis() / 1000 - secondsAgo;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    static long percentile(long[] sorted, int p) {
      if (sorted.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  // ---- P6: worker memory with many invoices asleep until their due dates -----------------------

  private void openInvoices() throws Exception {
    int many = option("p6-invoices", 100_000);
    int few = Math.min(1_000, many);
    TestMerchant merchant = merchant();
    long customer = merchant.customerPayingWith("pm_card_visa");
    Memory before = memoryAfter(merchant, customer, few, 0);
    Memory after = memoryAfter(merchant, customer, many, few);
    say("P6: with %d open invoices %s; with %d %s", few, before, many, after);
    report.add(
        "P6",
        "worker RSS with %,d open invoices waiting on due dates".formatted(many),
        "%.0f MiB".formatted(after.workerMiB()),
        "%.0f MiB with %,d".formatted(before.workerMiB(), few),
        "%.2f".formatted(after.workerMiB() / before.workerMiB()),
        "<= 1.1",
        ("dev server RSS (its SQLite in memory) %.0f -> %.0f MiB; MariaDB data %.0f -> %.0f MiB;"
                + " created at %.0f invoices/s")
            .formatted(
                before.temporalMiB(),
                after.temporalMiB(),
                before.mariadbMiB(),
                after.mariadbMiB(),
                after.createdPerSecond()));
  }

  record Memory(double workerMiB, double temporalMiB, double mariadbMiB, double createdPerSecond) {}

  private Memory memoryAfter(TestMerchant merchant, long customer, int total, int existing)
      throws Exception {
    int count = total - existing;
    long start = System.nanoTime();
    inParallel(count, i -> createInvoice(merchant, invoiceBody(customer, "ON_DUE_DATE", 60)));
    double perSecond = count / ((System.nanoTime() - start) / 1e9);
    say("P6: %d more invoices created at %.0f/s (%d open)", count, perSecond, total);
    Thread.sleep(20_000); // every run's first task done, the worker's cache settled
    stack.collectGarbage(stack.workerPid());
    return new Memory(
        ProcessStack.rssMiB(stack.workerPid()).orElse(Double.NaN),
        ProcessStack.rssMiB(stack.temporalPid()).orElse(Double.NaN),
        mariadbMiB(),
        perSecond);
  }

  private double mariadbMiB() throws Exception {
    try (Connection db = db();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE()");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1) / 1024.0 / 1024.0;
    }
  }

  // ---- Settle over HTTP, as a host app uses it ---------------------------------------------

  /** A merchant of its own, over the API, as the system tests make one. */
  private TestMerchant merchant() {
    return TestMerchant.connect(
        new TestMerchant.Settle(
            stack.apiUrl(), stack.bootstrapToken(), stack.simulatorUrl(), stack::client));
  }

  private static Map<String, Object> invoiceBody(long customerId, String autopay, int dueInDays) {
    return Map.of(
        "number",
        "INV-" + UUID.randomUUID().toString().substring(0, 13),
        "customerId",
        customerId,
        "currency",
        "USD",
        "dueDate",
        LocalDate.now().plusDays(dueInDays).toString(),
        "autopay",
        autopay,
        "lines",
        List.of(Map.of("description", "Consulting", "amount", 4_200L)));
  }

  private long createInvoice(TestMerchant merchant, Map<String, Object> body) {
    for (int attempt = 1; ; attempt++) {
      SettleHttp.Response made = api.post("/api/v1/invoices", merchant.adminKey, body);
      if (made.status() == 201) {
        return made.body().path("id").asLong();
      }
      if (attempt >= 5 || made.status() < 500) {
        throw new IllegalStateException("invoice refused: " + made.status() + " " + made.raw());
      }
    }
  }

  private void storeSigningSecret(long merchantId, String secret) throws Exception {
    String encrypted =
        new CredentialCipher(new CryptoProperties(stack.masterKey())).encrypt(secret);
    try (Connection db = db();
        PreparedStatement update =
            db.prepareStatement(
                "UPDATE merchant SET stripe_webhook_secret_encrypted = ?,"
                    + " stripe_webhook_endpoint_id = ? WHERE id = ?")) {
      update.setString(1, encrypted);
      update.setString(2, "we_bench_" + merchantId);
      update.setLong(3, merchantId);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("no merchant " + merchantId);
      }
    }
  }

  // ---- waiting, counting --------------------------------------------------------------------

  private void awaitPaid(List<Long> invoices, Duration atMost) throws Exception {
    String ids = invoices.stream().map(String::valueOf).collect(Collectors.joining(","));
    long deadline = System.nanoTime() + atMost.toNanos();
    while (true) {
      long paid =
          single("SELECT COUNT(*) FROM invoice WHERE status = 'PAID' AND id IN (" + ids + ")");
      if (paid == invoices.size()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            paid + " of " + invoices.size() + " invoices paid in " + atMost);
      }
      Thread.sleep(100);
    }
  }

  private Duration awaitApplied(long merchantId, Duration atMost) throws Exception {
    long start = System.nanoTime();
    long deadline = start + atMost.toNanos();
    while (single(
            "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = "
                + merchantId
                + " AND state IN ('RECEIVED', 'FAILED')")
        > 0) {
      if (System.nanoTime() > deadline) {
        return atMost;
      }
      Thread.sleep(500);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private long invoicesPaidMoreThanOnce(long merchantId) throws Exception {
    return single(
        "SELECT COUNT(*) FROM (SELECT invoice_id FROM payment_attempt WHERE merchant_id = "
            + merchantId
            + " AND status = 'SUCCEEDED' GROUP BY invoice_id HAVING COUNT(*) > 1) twice");
  }

  private long storedEvents(long merchantId) throws Exception {
    return single("SELECT COUNT(*) FROM stripe_event WHERE merchant_id = " + merchantId);
  }

  private long forgedStored(long merchantId) throws Exception {
    return single(
        "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = "
            + merchantId
            + " AND stripe_event_id LIKE 'evt\\_forged\\_%'");
  }

  private Map<String, Long> eventStates(long merchantId) throws Exception {
    Map<String, Long> states = new TreeMap<>();
    try (Connection db = db();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT state, COUNT(*) FROM stripe_event WHERE merchant_id = ? GROUP BY state")) {
      query.setLong(1, merchantId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          states.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return states;
  }

  private Map<Long, String> query(String sql, long merchantId) throws Exception {
    Map<Long, String> rows = new LinkedHashMap<>();
    try (Connection db = db();
        PreparedStatement query = db.prepareStatement(sql)) {
      query.setLong(1, merchantId);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.put(result.getLong(1), result.getString(2));
        }
      }
    }
    return rows;
  }

  private long single(String sql) throws Exception {
    try (Connection db = db();
        PreparedStatement query = db.prepareStatement(sql);
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Connection db() throws Exception {
    return DriverManager.getConnection(
        stack.setup().databaseUrl(), ProcessStack.DB_USER, ProcessStack.DB_PASSWORD);
  }

  private Map<String, Long> routes() throws Exception {
    JsonNode counts = json.readTree(control("GET", "/_simulator/routes", null));
    Map<String, Long> routes = new TreeMap<>();
    counts.properties().forEach(e -> routes.put(e.getKey(), e.getValue().asLong()));
    return routes;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (route, count) -> {
          long d = count - before.getOrDefault(route, 0L);
          if (d > 0) {
            delta.put(route, d);
          }
        });
    return delta;
  }

  private long paymentIntentRequests() throws Exception {
    return json.readTree(
            control("GET", "/_simulator/requests?method=POST&path=/v1/payment_intents", null))
        .path("count")
        .asLong();
  }

  private long paymentIntentsMade() throws Exception {
    return json.readTree(control("GET", "/_simulator/stats", null))
        .path("payment_intents")
        .asLong();
  }

  private String control(String method, String path, String form) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.simulatorUrl() + path))
            .timeout(Duration.ofSeconds(30));
    if (form == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    }
    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  private static int count(List<HistoryEvent> history, EventType type) {
    return (int) history.stream().filter(e -> e.getEventType() == type).count();
  }

  private int committedHistoryLength(String name) throws Exception {
    JsonNode history =
        json.readTree(
            stack
                .setup()
                .repo()
                .resolve("workflows/src/test/resources/histories")
                .resolve(name)
                .toFile());
    return history.path("events").size();
  }

  private static List<Long> inParallel(int count, IntFunction<Long> task) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<Long>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(pool.submit(() -> task.apply(n)));
      }
      List<Long> results = new ArrayList<>(count);
      for (Future<Long> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  private int option(String name, int fallback) {
    return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
  }

  static void say(String format, Object... args) {
    System.out.println("[bench] " + format.formatted(args));
  }
}
