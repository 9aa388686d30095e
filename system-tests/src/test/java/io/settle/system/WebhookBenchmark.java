package io.settle.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.workflows.invoice.AttemptView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook inbox under a steady flood, on the real stack: a benchmark that prints figures and
 * never passes or fails. Run by {@code bin/bench-webhooks}; not part of the Test command.
 *
 * <p>A merchant with a webhook signing secret and invoices whose workflows are running (each
 * waiting in REQUIRES_ACTION on a real PaymentIntent of the simulator); then signed Stripe events
 * are sent open-loop at a fixed rate, whatever the answers: each event's send time is fixed in
 * advance and its latency is measured from that time, so a slow server is not hidden by a sender
 * that waits for it. The mix: mostly payment_intent.* events for the invoices' real PaymentIntents
 * (requires_action, processing, a few succeeded that pay the invoice and end its run), failures of
 * PaymentIntents the invoices never made, events Settle stores but does not act on, and repeats of
 * events already sent (Stripe delivers at least once).
 *
 * <p>Arguments: events per second (default 200), seconds (default 30), invoices (default 60).
 */
public final class WebhookBenchmark {

  private static final ObjectMapper json = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int invoiceCount = args.length > 2 ? Integer.parseInt(args[2]) : 60;

    SettleStack stack = SettleStack.get();
    TestMerchant merchant = TestMerchant.connect(stack);
    String secret = "whsec_" + HexFormat.of().formatHex(random(24));
    // The secret is stored as saving the endpoint at Stripe would; this benchmark signs with it.
    if (!stack
        .apiBean(MerchantRepository.class)
        .recordWebhookEndpoint(merchant.id, "we_bench_" + merchant.id, secret)) {
      throw new IllegalStateException("could not store the webhook secret");
    }
    List<Target> targets = invoicesAwaitingTheCustomer(merchant, invoiceCount);
    say(
        "merchant %d: %d invoices in REQUIRES_ACTION, each with a running workflow",
        merchant.id, targets.size());

    int total = rate * seconds;
    Mix mix = new Mix(merchant.id, targets, new SplittableRandom(20261123));
    String[] bodies = new String[total];
    for (int i = 0; i < total; i++) {
      bodies[i] = mix.next(i);
    }

    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    URI uri = URI.create(stack.apiUrl() + "/webhooks/stripe/" + merchant.id);
    long[] latencyNanos = new long[total];
    Arrays.fill(latencyNanos, -1);
    long[] lateSendNanos = new long[total];
    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;

    say("sending %d events at %d/s for %d s to %s (open loop)", total, rate, seconds, uri);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (int i = 0; i < total; i++) {
      long intended = start + i * intervalNanos;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      lateSendNanos[i] = System.nanoTime() - intended;
      int n = i;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Stripe-Signature", signature(secret, bodies[n]))
              .POST(HttpRequest.BodyPublishers.ofString(bodies[n]))
              .build();
      inFlight.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, failure) -> {
                    latencyNanos[n] = System.nanoTime() - intended;
                    if (failure != null) {
                      errors.incrementAndGet();
                      answers
                          .computeIfAbsent(
                              "error " + failure.getClass().getSimpleName(),
                              k -> new AtomicInteger())
                          .incrementAndGet();
                    } else if (response.statusCode() != 200) {
                      errors.incrementAndGet();
                      answers
                          .computeIfAbsent(
                              "HTTP " + response.statusCode(), k -> new AtomicInteger())
                          .incrementAndGet();
                    } else {
                      answers
                          .computeIfAbsent(answerOf(response.body()), k -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  }));
    }
    long sendEnd = System.nanoTime();
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> null)
        .join();
    long end = System.nanoTime();

    report(rate, seconds, total, start, sendEnd, end, latencyNanos, lateSendNanos, errors, answers);
    reportStored(merchant.id);
    say(
        "(API, worker, Stripe simulator, Temporal dev server, MariaDB and this sender share one"
            + " machine: %d cores)",
        Runtime.getRuntime().availableProcessors());
    System.exit(0);
  }

  /** An invoice whose workflow waits for the customer to authenticate its PaymentIntent. */
  record Target(long invoiceId, String paymentIntentId, long amount) {}

  private static List<Target> invoicesAwaitingTheCustomer(TestMerchant merchant, int count)
      throws Exception {
    long customer = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(merchant.createInvoice(customer, List.of(4_200L)).path("id").asLong());
    }
    List<Target> targets = new ArrayList<>();
    for (long id : ids) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!"REQUIRES_ACTION".equals(merchant.readInvoice(id).path("status").asText())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("invoice " + id + " never reached REQUIRES_ACTION");
        }
        Thread.sleep(200);
      }
      List<AttemptView> attempts = merchant.workflow(id).status().attempts();
      targets.add(new Target(id, attempts.get(0).paymentIntentId(), 4_200L));
    }
    return targets;
  }

  /** The events, in sending order, drawn from a fixed seed so runs compare. */
  static final class Mix {
    private final long merchantId;
    private final List<Target> targets;
    private final SplittableRandom random;
    private final List<String> sent = new ArrayList<>();
    private final long created = System.currentTimeMillis() / 1000;

    Mix(long merchantId, List<Target> targets, SplittableRandom random) {
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
                id, "payment_intent.requires_action", target, target.paymentIntentId, 0);
      } else if (roll < 740) { // 10%: authenticated, now processing
        body =
            paymentIntentEvent(id, "payment_intent.processing", target, target.paymentIntentId, 0);
      } else if (roll < 750) { // 1%: paid; the run ends and later events for it are ignored
        body =
            paymentIntentEvent(
                id, "payment_intent.succeeded", target, target.paymentIntentId, target.amount);
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

    private String paymentIntentEvent(
        String id, String type, Target target, String paymentIntentId, long received)
        throws Exception {
      Map<String, Object> intent = new LinkedHashMap<>();
      intent.put("id", paymentIntentId);
      intent.put("object", "payment_intent");
      intent.put("amount", target.amount);
      intent.put("amount_received", received);
      intent.put("currency", "usd");
      intent.put(
          "metadata",
          Map.of(
              "settle_invoice_id",
              String.valueOf(target.invoiceId),
              "settle_merchant_id",
              String.valueOf(merchantId)));
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

  /** Stripe's scheme: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the secret>. */
  static String signature(String secret, String body) {
    try {
      long t = System.currentTimeMillis() / 1000;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String answerOf(String body) {
    try {
      var receipt = json.readTree(body);
      return (receipt.path("duplicate").asBoolean() ? "200 repeat, stored as " : "200 new, ")
          + receipt.path("state").asText();
    } catch (Exception e) {
      return "200 unreadable";
    }
  }

  private static void report(
      int rate,
      int seconds,
      int total,
      long start,
      long sendEnd,
      long end,
      long[] latencyNanos,
      long[] lateSendNanos,
      AtomicInteger errors,
      Map<String, AtomicInteger> answers) {
    long[] done = Arrays.stream(latencyNanos).filter(l -> l >= 0).sorted().toArray();
    long[] late = lateSendNanos.clone();
    Arrays.sort(late);
    say("---- figures ----");
    say("offered: %d events at %d/s over %d s", total, rate, seconds);
    say(
        "sent in %.2f s (sender lag behind schedule: p99 %.2f ms, max %.2f ms)",
        (sendEnd - start) / 1e9, ms(percentile(late, 99)), ms(late[late.length - 1]));
    say(
        "answered: %d in %.2f s from the first send -> throughput %.1f answers/s",
        done.length, (end - start) / 1e9, done.length / ((end - start) / 1e9));
    say(
        "latency from scheduled send (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
        ms(percentile(done, 50)),
        ms(percentile(done, 90)),
        ms(percentile(done, 99)),
        ms(done[done.length - 1]));
    for (int window = 0; window < seconds; window += 10) {
      int from = window * rate;
      int to = Math.min(total, (window + 10) * rate);
      long[] slice = Arrays.stream(latencyNanos, from, to).filter(l -> l >= 0).sorted().toArray();
      if (slice.length > 0) {
        say(
            "  seconds %2d-%2d: p50 %.1f  p99 %.1f  max %.1f ms",
            window,
            Math.min(seconds, window + 10),
            ms(percentile(slice, 50)),
            ms(percentile(slice, 99)),
            ms(slice[slice.length - 1]));
      }
    }
    say("errors (non-200 or no answer): %d", errors.get());
    new TreeMap<>(answers).forEach((answer, count) -> say("  %-40s %d", answer, count.get()));
  }

  /** What the inbox holds for the merchant afterwards, by state. */
  private static void reportStored(long merchantId) throws Exception {
    try (Connection db =
            DriverManager.getConnection(
                RealServices.databaseUrl(), RealServices.DB_USER, RealServices.DB_PASSWORD);
        PreparedStatement query =
            db.prepareStatement(
                "SELECT state, COUNT(*) FROM stripe_event WHERE merchant_id = ? GROUP BY state"
                    + " ORDER BY state")) {
      query.setLong(1, merchantId);
      try (ResultSet rows = query.executeQuery()) {
        say("stored events by state (unique event ids):");
        while (rows.next()) {
          say("  %-12s %d", rows.getString(1), rows.getLong(2));
        }
      }
    }
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static void say(String format, Object... args) {
    System.out.println("[bench] " + format.formatted(args));
  }

  private WebhookBenchmark() {}
}
