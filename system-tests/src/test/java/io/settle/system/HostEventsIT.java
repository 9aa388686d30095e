package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.settle.notifications.events.EventDeliveryLoop;
import io.settle.notifications.events.EventSignature;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.AutopayTiming;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoicePaymentWorkflowImpl;
import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.notify.NotificationActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host app's events on the real stack: each path of an invoice ends in signed events at a real
 * HTTP receiver on 127.0.0.1, which checks every signature as a host app would. The stack allows
 * private endpoints and retries in fractions of a second ({@link SettleStack}).
 */
class HostEventsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static HttpServer server;
  private static final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;

  /** One endpoint's receiving side: what it got, verified, and how often it answers 500 first. */
  static final class Receiver {
    volatile String secret;
    volatile long endpointId;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();

    List<String> types() {
      return accepted.stream().map(e -> e.path("type").asText()).toList();
    }

    List<JsonNode> about(long invoiceId) {
      return accepted.stream()
          .filter(e -> e.path("data").path("object").path("id").asLong() == invoiceId)
          .toList();
    }
  }

  @BeforeAll
  static void receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", HostEventsIT::receive);
    server.start();
  }

  @AfterAll
  static void stopReceiver() {
    server.stop(0);
  }

  private static void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      Receiver receiver = receivers.get(exchange.getRequestURI().getPath());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (receiver == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      receiver.requests.incrementAndGet();
      String signature = exchange.getRequestHeaders().getFirst(EventSignature.HEADER);
      if (receiver.secret == null
          || !EventSignature.verify(receiver.secret, signature, body, Instant.now())) {
        receiver.badSignatures.add(signature);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      if (receiver.failuresLeft.getAndDecrement() > 0) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      receiver.accepted.add(JSON.readTree(body));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void autoPayEndsInPaymentSucceededThenInvoicePaidAndAnUnsubscribedEndpointGetsNothing()
      throws Exception {
    Receiver everything = endpoint(allTypes());
    Receiver runsOnly = endpoint(List.of("charge_run.completed"));
    long customer = merchant.customerPayingWith("pm_card_visa");

    long invoiceId = merchant.createInvoice(customer, List.of(4_200L)).path("id").asLong();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> everything.types(), t -> t.contains("invoice.paid"));
    assertThat(everything.types()).containsExactly("payment.succeeded", "invoice.paid");
    JsonNode paid = everything.accepted.get(1);
    assertThat(paid.path("id").asText()).startsWith("evt_");
    assertThat(paid.path("created").asText()).isNotBlank();
    assertThat(paid.path("data").path("object"))
        .as("the invoice exactly as the API shows it")
        .isEqualTo(merchant.readInvoice(invoiceId));
    JsonNode payment = everything.accepted.get(0).path("data").path("object");
    assertThat(payment.path("amount").asLong()).isEqualTo(4_200);
    assertThat(payment.path("allocations").get(0).path("invoiceId").asLong()).isEqualTo(invoiceId);
    assertThat(everything.badSignatures).isEmpty();
    assertThat(runsOnly.requests.get()).isZero();
    assertThat(log(runsOnly)).isEmpty();
  }

  @Test
  void aDeclineThenAPaidRetryArriveInTheOrderTheyHappened() throws Exception {
    Receiver receiver = endpoint(allTypes());
    long customer = merchant.customerPayingWith("pm_card_visa_chargeDeclined");
    long invoiceId = merchant.createInvoice(customer, List.of(4_400L)).path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("invoice.payment_failed"));
    JsonNode failed = receiver.about(invoiceId).getFirst().path("data").path("object");
    assertThat(failed.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");

    AttemptView retry =
        merchant
            .workflow(invoiceId)
            .chargeNow(new ChargeNow("pm_card_visa", null, ChargeNow.ChargeSource.AGENT));
    assertThat(retry.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("invoice.paid"));
    assertThat(receiver.types())
        .containsExactly("invoice.payment_failed", "payment.succeeded", "invoice.paid");
  }

  @Test
  void threeDSecureIsInvoiceRequiresAction() throws Exception {
    Receiver receiver = endpoint(List.of("invoice.requires_action", "invoice.paid"));
    long customer = merchant.customerPayingWith("pm_card_threeDSecure2Required");

    long invoiceId = merchant.createInvoice(customer, List.of(9_100L)).path("id").asLong();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("invoice.requires_action"));
    assertThat(receiver.types()).containsExactly("invoice.requires_action");
    assertThat(receiver.accepted.getFirst().path("data").path("object").path("status").asText())
        .isEqualTo("REQUIRES_ACTION");
    assertThat(receiver.about(invoiceId)).hasSize(1);
  }

  @Test
  void payAllIsOnePaymentAndEachInvoicePaid() throws Exception {
    Receiver receiver = endpoint(List.of("payment.succeeded", "invoice.paid"));
    long customer = merchant.customerPayingWith("pm_card_visa");
    long first = merchant.invoiceForAPerson(customer, 1_000);
    long second = merchant.invoiceForAPerson(customer, 2_500);
    SettleHttp.Response portalKey =
        api.post(
            "/api/v1/api-keys",
            merchant.adminKey,
            Map.of("role", "PORTAL", "customerId", customer));
    assertThat(portalKey.status()).as(portalKey.raw()).isEqualTo(201);

    SettleHttp.Response paid =
        api.post("/api/v1/portal/payments", portalKey.body().path("key").asText(), Map.of());
    assertThat(paid.status()).as(paid.raw()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.stream().filter("invoice.paid"::equals).count() == 2);
    assertThat(receiver.types()).filteredOn("payment.succeeded"::equals).hasSize(1);
    JsonNode payment =
        receiver.accepted.stream()
            .filter(e -> e.path("type").asText().equals("payment.succeeded"))
            .findFirst()
            .orElseThrow()
            .path("data")
            .path("object");
    assertThat(payment.path("amount").asLong()).isEqualTo(3_500);
    assertThat(payment.path("allocations").findValuesAsText("invoiceId"))
        .containsExactlyInAnyOrder(String.valueOf(first), String.valueOf(second));
    assertThat(receiver.about(first))
        .extracting(e -> e.path("type").asText())
        .contains("invoice.paid");
    assertThat(receiver.about(second))
        .extracting(e -> e.path("type").asText())
        .contains("invoice.paid");
  }

  @Test
  void exhaustedDunningIsFailuresThenUncollectible() throws Exception {
    Receiver receiver =
        endpoint(List.of("invoice.payment_failed", "invoice.uncollectible", "invoice.paid"));
    long customer = merchant.customerPayingWith("pm_card_visa_chargeDeclinedInsufficientFunds");
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customer, List.of(5_500L)));
    body.put("autopay", "OFF");
    long invoiceId = merchant.createInvoice(body).path("id").asLong();
    CollectionPolicy twoRetriesThenWriteOff =
        new CollectionPolicy(
            List.of(Duration.ofDays(1), Duration.ofDays(2)),
            CollectionPolicy.ExhaustionPolicy.MARK_UNCOLLECTIBLE,
            Duration.ofDays(7),
            Duration.ofHours(6),
            Duration.ofDays(2),
            0);

    // Days of dunning on Temporal's time-skipping server, with the worker's own activities.
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build())) {
      InvoiceSearchAttributes.registrations().forEach(env::registerSearchAttribute);
      String queue = "host-events-" + UUID.randomUUID();
      Worker worker = env.newWorker(queue);
      worker.registerWorkflowImplementationTypes(InvoicePaymentWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          stack.workerBean(LedgerActivities.class),
          stack.workerBean(ChargeActivities.class),
          stack.workerBean(NotificationActivities.class));
      env.start();
      Invoice invoice = stack.workerBean(InvoiceRepository.class).findById(invoiceId).orElseThrow();
      InvoicePaymentWorkflow workflow =
          env.getWorkflowClient()
              .newWorkflowStub(
                  InvoicePaymentWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("host-events-" + invoiceId)
                      .setTaskQueue(queue)
                      .build());
      WorkflowClient.start(
          workflow::run,
          InvoicePaymentInput.of(
              invoice.merchantId(),
              invoice.id(),
              invoice.invoiceKey(),
              invoice.number(),
              invoice.customerId(),
              "Acme Ltd",
              invoice.currency(),
              invoice.total(),
              LocalDate.now().plusDays(14),
              AutopayTiming.ON_CREATION,
              twoRetriesThenWriteOff));
      assertThat(WorkflowStub.fromTyped(workflow).getResult(InvoiceState.class))
          .isEqualTo(InvoiceState.UNCOLLECTIBLE);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("invoice.uncollectible"));
    List<String> types = receiver.types();
    assertThat(types.getLast()).isEqualTo("invoice.uncollectible");
    assertThat(types.subList(0, types.size() - 1))
        .as("each declined attempt the workflow reported, then the write-off")
        .isNotEmpty()
        .containsOnly("invoice.payment_failed");
    assertThat(receiver.accepted.getLast().path("data").path("object").path("status").asText())
        .isEqualTo("UNCOLLECTIBLE");
  }

  @Test
  void aReceiverThatAnswers500ThreeTimesGetsTheEventOnTheFourthTryOnce() throws Exception {
    Receiver flaky = endpoint(List.of("invoice.paid"));
    flaky.failuresLeft.set(3);
    long customer = merchant.customerPayingWith("pm_card_visa");

    merchant.createInvoice(customer, List.of(3_300L));

    JsonNode delivery =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> log(flaky),
                l -> l.size() == 1 && l.get(0).path("status").asText().equals("DELIVERED"))
            .get(0);
    assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
    assertThat(delivery.path("responseCode").asInt()).isEqualTo(204);
    assertThat(delivery.path("deliveredAt").asText()).isNotBlank();
    assertThat(flaky.requests.get()).isEqualTo(4);
    assertThat(flaky.types()).containsExactly("invoice.paid");
  }

  @Test
  void aChargeRunsEndIsChargeRunCompletedWithItsReport() throws Exception {
    Receiver receiver = endpoint(List.of("charge_run.completed"));
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.invoiceForAPerson(customer, 2_600);

    SettleHttp.Response run =
        api.post(
            "/api/v1/charge-runs", merchant.adminKey, Map.of("invoiceIds", List.of(invoiceId)));
    assertThat(run.status()).as(run.raw()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("charge_run.completed"));
    JsonNode report = receiver.accepted.getFirst().path("data").path("object");
    assertThat(report.path("id").asText()).isEqualTo(run.body().path("id").asText());
    assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(report.path("counts").path("CHARGED").asInt()).isEqualTo(1);
    assertThat(report)
        .as("the report as the charge-run API shows it")
        .isEqualTo(
            api.get("/api/v1/charge-runs/" + report.path("id").asText(), merchant.adminKey).body());
  }

  @Test
  void deliveriesAreCountedByOutcomeAndTheOldestUnsentIsAGauge() throws Exception {
    Receiver receiver = endpoint(List.of("invoice.paid"));
    receiver.failuresLeft.set(1);
    long customer = merchant.customerPayingWith("pm_card_visa");
    merchant.createInvoice(customer, List.of(1_300L));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.types(), t -> t.contains("invoice.paid"));

    SettleHttp worker = new SettleHttp(stack.workerUrl());
    String metrics = worker.get("/actuator/prometheus", null).raw();
    assertThat(metrics)
        .containsPattern("settle_event_deliveries_total\\{[^}]*outcome=\"delivered\"")
        .containsPattern("settle_event_deliveries_total\\{[^}]*outcome=\"failed_attempt\"")
        .containsPattern("settle_outbox_oldest_unsent_seconds\\{[^}]*outbox=\"events\"");
  }

  @Test
  void deliveriesWrittenWhileTheLoopIsStoppedAreSentOnceItRunsAgain() throws Exception {
    Receiver receiver = endpoint(List.of("invoice.paid"));
    EventDeliveryLoop loop = stack.workerBean(EventDeliveryLoop.class);
    loop.stop();
    try {
      long customer = merchant.customerPayingWith("pm_card_visa");
      long invoiceId = merchant.createInvoice(customer, List.of(2_100L)).path("id").asLong();
      merchant.awaitStatus(invoiceId, "PAID");
      // The ledger wrote the event with the payment; nothing has sent it.
      JsonNode waiting =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> log(receiver), l -> l.size() == 1)
              .get(0);
      assertThat(waiting.path("status").asText()).isEqualTo("PENDING");
      assertThat(waiting.path("attempts").asInt()).isZero();
      assertThat(receiver.requests.get()).isZero();
    } finally {
      loop.start();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> log(receiver).get(0).path("status").asText(), "DELIVERED"::equals);
    assertThat(receiver.types()).containsExactly("invoice.paid");
  }

  @Test
  void redeliverSendsTheSameEventAgain() throws Exception {
    Receiver receiver = endpoint(List.of("invoice.paid"));
    long customer = merchant.customerPayingWith("pm_card_visa");
    merchant.createInvoice(customer, List.of(1_700L));
    JsonNode delivered =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> log(receiver),
                l -> l.size() == 1 && l.get(0).path("status").asText().equals("DELIVERED"))
            .get(0);

    SettleHttp.Response again =
        api.post(
            "/api/v1/event-endpoints/"
                + receiver.endpointId
                + "/deliveries/"
                + delivered.path("id").asLong()
                + "/redeliver",
            merchant.adminKey,
            Map.of());

    assertThat(again.status()).as(again.raw()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted.size() == 2);
    assertThat(receiver.accepted.get(1).path("id").asText())
        .isEqualTo(receiver.accepted.get(0).path("id").asText());
  }

  @Test
  void registrationShowsTheSecretOnceAndRefusesUnknownTypes() {
    SettleHttp.Response unknown =
        api.post(
            "/api/v1/event-endpoints",
            merchant.adminKey,
            Map.of("url", "https://host.example/e", "eventTypes", List.of("invoice.eaten")));
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(400);
    assertThat(unknown.body().path("type").asText()).isEqualTo("urn:settle:problem:validation");

    Receiver receiver = endpoint(List.of("invoice.paid"));
    SettleHttp.Response read =
        api.get("/api/v1/event-endpoints/" + receiver.endpointId, merchant.adminKey);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.raw()).doesNotContain(receiver.secret);
    assertThat(read.body().path("secret").isNull()).isTrue();
    SettleHttp.Response listed = api.get("/api/v1/event-endpoints", merchant.adminKey);
    assertThat(listed.raw()).doesNotContain(receiver.secret);

    assertThat(
            api.delete("/api/v1/event-endpoints/" + receiver.endpointId, merchant.adminKey)
                .status())
        .isEqualTo(204);
    assertThat(
            api.get("/api/v1/event-endpoints/" + receiver.endpointId, merchant.adminKey).status())
        .isEqualTo(404);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static List<String> allTypes() {
    return List.of(
        "invoice.paid",
        "invoice.partially_paid",
        "invoice.payment_failed",
        "invoice.requires_action",
        "invoice.uncollectible",
        "invoice.voided",
        "payment.succeeded",
        "charge_run.completed");
  }

  /** Registers a receiver of {@code types} for the test's merchant. */
  private Receiver endpoint(List<String> types) {
    String path = "/receiver/" + UUID.randomUUID();
    Receiver receiver = new Receiver();
    receivers.put(path, receiver);
    SettleHttp.Response created =
        api.post(
            "/api/v1/event-endpoints",
            merchant.adminKey,
            Map.of(
                "url",
                "http://127.0.0.1:" + server.getAddress().getPort() + path,
                "eventTypes",
                types));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    receiver.secret = created.body().path("secret").asText();
    receiver.endpointId = created.body().path("id").asLong();
    assertThat(receiver.secret).startsWith("evsec_");
    return receiver;
  }

  private List<JsonNode> log(Receiver receiver) {
    SettleHttp.Response page =
        api.get(
            "/api/v1/event-endpoints/" + receiver.endpointId + "/deliveries", merchant.adminKey);
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    List<JsonNode> rows = new java.util.ArrayList<>();
    page.body().path("data").forEach(rows::add);
    return rows;
  }
}
