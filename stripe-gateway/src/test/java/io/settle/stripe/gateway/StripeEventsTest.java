package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.sun.net.httpserver.HttpServer;
import io.settle.stripe.gateway.events.EventPage;
import io.settle.stripe.gateway.events.StripeEventRecord;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading Stripe's events back for reconciliation, against the simulator. */
class StripeEventsTest {

  private static final long MERCHANT = 23;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;
  private StripeClient stripe;
  private String customer;
  private WebhookReceiver receiver;

  @BeforeEach
  void freshAccount() throws Exception {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    stripe = account.client();
    customer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Soylent").build())
            .getId();
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void anEventOfAPaymentIntentIsRetrievedWithItsObjectAndPayload() throws Exception {
    ChargeResult charged = charge("events-1");
    Event succeeded = eventsOfType("payment_intent.succeeded").getFirst();

    StripeEventRecord event = gateways.events().retrieve(MERCHANT, succeeded.getId());

    assertThat(event.id()).isEqualTo(succeeded.getId()).startsWith("evt_");
    assertThat(event.type()).isEqualTo("payment_intent.succeeded");
    assertThat(event.objectId()).isEqualTo(charged.paymentIntentId());
    assertThat(event.objectType()).isEqualTo("payment_intent");
    assertThat(event.created()).isNotNull();
    assertThat(event.livemode()).isFalse();
    assertThat(event.apiVersion()).isNotBlank();
    assertThat(event.payload())
        .contains("\"id\":\"" + succeeded.getId() + "\"")
        .contains(charged.paymentIntentId())
        .contains("settle_idempotency_key");
  }

  @Test
  void anUnknownEventIsAnInvalidRequest() {
    assertThatThrownBy(() -> gateways.events().retrieve(MERCHANT, "evt_doesnotexist"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
            });
  }

  @Test
  void eventsAnEndpointRefusedArePagedThroughWithTheCursor() throws Exception {
    receiver.answer(500);
    gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-refusing", receiver.url());
    Instant since = simulator.now();
    for (int i = 0; i < 5; i++) {
      charge("events-2-" + i);
    }
    awaitDeliveries(5);

    List<EventPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      EventPage page = gateways.events().undelivered(MERCHANT, since, cursor, 2);
      pages.add(page);
      cursor = page.nextCursor();
    } while (cursor != null && pages.size() < 10);

    List<String> listed =
        pages.stream().flatMap(page -> page.events().stream()).map(StripeEventRecord::id).toList();
    assertThat(listed).doesNotHaveDuplicates();
    // Only subscribed events wait for delivery: payment_intent.created is not among them.
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(
            eventsOfType("payment_intent.succeeded").stream().map(Event::getId).toList());
    assertThat(pages).hasSize(3);
    assertThat(pages.getLast().hasMore()).isFalse();
    assertThat(pages.getFirst().events()).hasSize(2);
  }

  @Test
  void deliveredEventsAreNotListed() throws Exception {
    receiver.answer(200);
    gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-accepting", receiver.url());
    Instant since = simulator.now();
    ChargeResult delivered = charge("events-3-a");
    awaitDeliveries(1);
    awaitUntil(() -> undeliveredIds(since).isEmpty());

    receiver.answer(500);
    ChargeResult refused = charge("events-3-b");
    awaitDeliveries(2);

    List<StripeEventRecord> undelivered =
        gateways.events().undelivered(MERCHANT, since, null, 100).events();
    assertThat(undelivered)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.objectId()).isEqualTo(refused.paymentIntentId());
              assertThat(event.objectId()).isNotEqualTo(delivered.paymentIntentId());
            });
  }

  @Test
  void eventsBeforeTheGivenTimeAreLeftOut() throws Exception {
    receiver.answer(500);
    gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-since", receiver.url());
    ChargeResult earlier = charge("events-4-a");
    simulator.advanceClock(Duration.ofHours(1));
    Instant since = simulator.now();
    ChargeResult later = charge("events-4-b");

    List<StripeEventRecord> undelivered =
        gateways.events().undelivered(MERCHANT, since, null, 100).events();

    assertThat(undelivered)
        .extracting(StripeEventRecord::objectId)
        .containsExactly(later.paymentIntentId())
        .doesNotContain(earlier.paymentIntentId());
  }

  @Test
  void aPageSizeOutsideStripesRangeIsRefusedBeforeStripe() {
    long before = simulator.requestCount("GET", "/v1/events");

    assertThatThrownBy(() -> gateways.events().undelivered(MERCHANT, Instant.EPOCH, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateways.events().undelivered(MERCHANT, Instant.EPOCH, null, 101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(simulator.requestCount("GET", "/v1/events")).isEqualTo(before);
  }

  private ChargeResult charge(String key) {
    return gateways
        .payments()
        .charge(
            new ChargeRequest(key, MERCHANT, 23, 1, 1_500, "usd", customer, "pm_card_visa", "INV"));
  }

  private List<Event> eventsOfType(String type) throws Exception {
    return stripe
        .v1()
        .events()
        .list(EventListParams.builder().setType(type).setLimit(100L).build())
        .getData();
  }

  private List<String> undeliveredIds(Instant since) {
    return gateways.events().undelivered(MERCHANT, since, null, 100).events().stream()
        .map(StripeEventRecord::id)
        .toList();
  }

  /** Waits until the receiver has seen {@code count} deliveries, so none is still in flight. */
  private void awaitDeliveries(int count) throws InterruptedException {
    awaitUntil(() -> receiver.received() >= count);
  }

  // Deliveries are sent in the background; wait for what they change, never assert on time.
  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached");
      }
      Thread.sleep(20);
    }
  }

  /** A merchant's webhook URL that answers every delivery with a status of the test's choosing. */
  private static final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private volatile int status = 200;

    private WebhookReceiver(HttpServer server) {
      this.server = server;
    }

    static WebhookReceiver start() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.sendResponseHeaders(receiver.status, -1);
            } finally {
              receiver.received.incrementAndGet();
            }
          });
      server.start();
      return receiver;
    }

    void answer(int status) {
      this.status = status;
    }

    int received() {
      return received.get();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
