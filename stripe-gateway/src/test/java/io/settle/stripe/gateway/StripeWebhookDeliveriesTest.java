package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.param.CustomerCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.settle.stripe.gateway.events.SettleIds;
import io.settle.stripe.gateway.events.StripeEvent;
import io.settle.stripe.gateway.events.StripeEventObject;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentIntentUpdate;
import io.settle.stripe.gateway.events.StripeEventReader;
import io.settle.stripe.gateway.events.UnverifiedEventException;
import io.settle.stripe.gateway.webhooks.WebhookEndpointSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks as Stripe's wire delivers them (the simulator signs them as Stripe does), verified and
 * read by the gateway's {@link StripeEventReader}.
 */
class StripeWebhookDeliveriesTest {

  private static final long MERCHANT = 23;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private Gateways gateways;
  private String customer;
  private WebhookReceiver receiver;
  private String signingSecret;

  @BeforeEach
  void anEndpointThatKeepsWhatItReceives() throws Exception {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    StripeClient stripe = account.client();
    customer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Soylent").build())
            .getId();
    receiver = WebhookReceiver.start();
    WebhookEndpointSetup endpoint =
        gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-deliveries", receiver.url());
    signingSecret = endpoint.signingSecret();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void aChargesSucceededEventIsVerifiedAndReadWithSettlesIds() throws Exception {
    PaymentResult charged = charge("deliveries-1", new OffSessionCharge.InvoiceAttempt(4711, 2));

    Delivery delivery = awaitDelivery("payment_intent.succeeded");
    StripeEvent event =
        StripeEventReader.verify(delivery.body(), delivery.signature(), List.of(signingSecret));
    StripeEventObject object = StripeEventReader.read(event.type(), delivery.body());

    assertThat(event.id()).startsWith("evt_");
    assertThat(event.livemode()).isFalse();
    assertThat(event.apiVersion()).isNotBlank();
    assertThat(object)
        .isEqualTo(
            new PaymentIntentUpdate(
                charged.paymentIntentId(),
                new SettleIds(MERCHANT, 4711L, null),
                PaymentIntentUpdate.Change.SUCCEEDED,
                1_500,
                null,
                null,
                null));
  }

  @Test
  void aCustomerPaymentsDeclineCarriesItsBatchAndStripesCodes() throws Exception {
    PaymentResult declined =
        charge(
            "deliveries-2",
            "pm_card_visa_chargeDeclinedInsufficientFunds",
            new OffSessionCharge.CustomerPayment("portal-deliveries-2", List.of(41L, 42L)));

    Delivery delivery = awaitDelivery("payment_intent.payment_failed");
    StripeEvent event =
        StripeEventReader.verify(delivery.body(), delivery.signature(), List.of(signingSecret));

    assertThat(StripeEventReader.read(event.type(), delivery.body()))
        .isInstanceOfSatisfying(
            PaymentIntentUpdate.class,
            update -> {
              assertThat(update.id()).isEqualTo(declined.paymentIntentId());
              assertThat(update.settleIds())
                  .isEqualTo(new SettleIds(MERCHANT, null, "portal-deliveries-2"));
              assertThat(update.change()).isEqualTo(PaymentIntentUpdate.Change.FAILED);
              assertThat(update.errorCode()).isEqualTo("card_declined");
              assertThat(update.declineCode()).isEqualTo("insufficient_funds");
              assertThat(update.errorMessage()).isNotBlank();
            });
  }

  @Test
  void anotherEndpointsSecretDoesNotVerifyTheDelivery() throws Exception {
    charge("deliveries-3", new OffSessionCharge.InvoiceAttempt(4712, 1));

    Delivery delivery = awaitDelivery("payment_intent.succeeded");

    assertThatThrownBy(
            () ->
                StripeEventReader.verify(
                    delivery.body(), delivery.signature(), List.of("whsec_someone_else")))
        .isInstanceOf(UnverifiedEventException.class);
  }

  private PaymentResult charge(String key, OffSessionCharge.PaidFor paidFor) {
    return charge(key, "pm_card_visa", paidFor);
  }

  private PaymentResult charge(String key, String paymentMethod, OffSessionCharge.PaidFor paidFor) {
    return gateways
        .payments()
        .charge(
            new OffSessionCharge(
                key, MERCHANT, 1_500, "usd", customer, paymentMethod, "INV", paidFor));
  }

  private Delivery awaitDelivery(String type) throws InterruptedException {
    awaitUntil(() -> receiver.ofType(type) != null);
    return receiver.ofType(type);
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

  private record Delivery(String body, String signature) {}

  /** A merchant's webhook URL that keeps every delivery's body and signature. */
  private static final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

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
              String body =
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              receiver.deliveries.add(
                  new Delivery(body, exchange.getRequestHeaders().getFirst("Stripe-Signature")));
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
      return receiver;
    }

    /** The first delivery of an event of {@code type}, or null. */
    Delivery ofType(String type) {
      return deliveries.stream()
          .filter(
              delivery ->
                  type.equals(
                      JsonParser.parseString(delivery.body())
                          .getAsJsonObject()
                          .get("type")
                          .getAsString()))
          .findFirst()
          .orElse(null);
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
