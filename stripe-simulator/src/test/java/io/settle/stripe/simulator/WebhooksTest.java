package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import io.settle.stripe.simulator.events.WebhookDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook endpoints, events, and their signed delivery with retries. */
class WebhooksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StripeSimulator simulator;
  private WebhookReceiver receiver;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator =
        StripeSimulator.builder()
            .clock(Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC))
            .start();
    receiver = new WebhookReceiver();
    stripe = TestAccounts.newAccount(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
  }

  private WebhookEndpoint endpoint(WebhookEndpointCreateParams.EnabledEvent... events)
      throws StripeException {
    return stripe
        .v1()
        .webhookEndpoints()
        .create(
            WebhookEndpointCreateParams.builder()
                .setUrl(receiver.url())
                .addAllEnabledEvent(List.of(events))
                .build());
  }

  private PaymentIntent pay() throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L)
                .setCurrency("usd")
                .setPaymentMethod("pm_card_visa")
                .setConfirm(true)
                .setAutomaticPaymentMethods(
                    PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(
                            PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .build());
  }

  private static String typeOf(WebhookReceiver.Delivery delivery) {
    return json(delivery.body()).path("type").asText();
  }

  private static String idOf(WebhookReceiver.Delivery delivery) {
    return json(delivery.body()).path("id").asText();
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Event> events(EventListParams params) throws StripeException {
    return stripe.v1().events().list(params).getData();
  }

  @Test
  void theSigningSecretIsShownOnlyOnCreate() throws StripeException {
    WebhookEndpoint created = endpoint(WebhookEndpointCreateParams.EnabledEvent.ALL);

    assertThat(created.getId()).startsWith("we_");
    assertThat(created.getSecret()).startsWith("whsec_");
    assertThat(created.getStatus()).isEqualTo("enabled");
    assertThat(created.getEnabledEvents()).containsExactly("*");
    WebhookEndpoint retrieved = stripe.v1().webhookEndpoints().retrieve(created.getId());
    assertThat(retrieved.getSecret()).isNull();
    assertThat(retrieved.getUrl()).isEqualTo(receiver.url());
    assertThat(stripe.v1().webhookEndpoints().list().getData())
        .extracting(WebhookEndpoint::getId)
        .containsExactly(created.getId());
  }

  @Test
  void endpointsAreUpdatedDisabledAndDeleted() throws StripeException {
    WebhookEndpoint created = endpoint(WebhookEndpointCreateParams.EnabledEvent.ALL);

    WebhookEndpoint updated =
        stripe
            .v1()
            .webhookEndpoints()
            .update(
                created.getId(),
                WebhookEndpointUpdateParams.builder()
                    .setDisabled(true)
                    .addEnabledEvent(
                        WebhookEndpointUpdateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
                    .setDescription("payments")
                    .build());
    assertThat(updated.getStatus()).isEqualTo("disabled");
    assertThat(updated.getEnabledEvents()).containsExactly("payment_intent.succeeded");
    assertThat(updated.getDescription()).isEqualTo("payments");
    assertThat(updated.getSecret()).isNull();

    WebhookEndpoint deleted = stripe.v1().webhookEndpoints().delete(created.getId());
    assertThat(deleted.getDeleted()).isTrue();
    InvalidRequestException gone =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().webhookEndpoints().retrieve(created.getId()));
    assertThat(gone.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void anEndpointNeedsAUrlAndEvents() {
    RawHttp raw = new RawHttp(simulator, TestAccounts.newKey());
    assertThat(
            raw.post("/v1/webhook_endpoints", "url=https://example.com/hook")
                .json()
                .path("error")
                .path("param")
                .asText())
        .isEqualTo("enabled_events");
    assertThat(
            raw.post("/v1/webhook_endpoints", "url=nope&enabled_events[]=*")
                .json()
                .path("error")
                .path("param")
                .asText())
        .isEqualTo("url");
  }

  @Test
  void deliveriesAreSignedExactlyAsStripeSignsThem() throws Exception {
    WebhookEndpoint endpoint = endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    Customer customer =
        stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build());

    WebhookReceiver.Delivery delivery = receiver.next();

    assertThat(delivery.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
    assertThat(delivery.userAgent()).startsWith("Stripe/1.0");
    Event event =
        Webhook.constructEvent(delivery.body(), delivery.signature(), endpoint.getSecret());
    assertThat(event.getType()).isEqualTo("customer.created");
    assertThat(event.getId()).startsWith("evt_");
    Customer inEvent = (Customer) event.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(inEvent.getId()).isEqualTo(customer.getId());
    assertThat(inEvent.getName()).isEqualTo("Acme");
  }

  @Test
  void onlySubscribedEventsAreDeliveredAndPendingWebhooksCountsDown() throws Exception {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED);
    stripe.v1().customers().create(CustomerCreateParams.builder().build());
    PaymentIntent intent = pay();

    WebhookReceiver.Delivery delivery = receiver.next();

    assertThat(typeOf(delivery)).isEqualTo("payment_intent.succeeded");
    assertThat(json(delivery.body()).path("data").path("object").path("id").asText())
        .isEqualTo(intent.getId());
    Eventually.until(
        "the delivery is recorded",
        () -> {
          try {
            return events(EventListParams.builder().setDeliverySuccess(false).build()).isEmpty();
          } catch (StripeException e) {
            throw new IllegalStateException(e);
          }
        });
    List<Event> all = events(EventListParams.builder().build());
    assertThat(all)
        .extracting(Event::getType)
        .containsExactly("payment_intent.succeeded", "payment_intent.created", "customer.created");
    assertThat(all).allSatisfy(e -> assertThat(e.getPendingWebhooks()).isZero());
    assertThat(receiver.count()).isEqualTo(1);
  }

  @Test
  void aFailedDeliveryIsRetriedWhenTheClockPassesTheNextRetry() throws Exception {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    receiver.answer(500);
    stripe.v1().customers().create(CustomerCreateParams.builder().build());

    String eventId = idOf(receiver.next());
    assertThat(events(EventListParams.builder().setDeliverySuccess(false).build()))
        .extracting(Event::getId)
        .containsExactly(eventId);

    Eventually.until(
        "a retry arrives",
        () -> {
          simulator.advanceClock(WebhookDispatcher.RETRY_SCHEDULE.getFirst());
          return receiver.count() == 2;
        });

    assertThat(idOf(receiver.next())).isEqualTo(eventId);
    Eventually.until(
        "the retry is recorded as delivered",
        () -> {
          try {
            return stripe.v1().events().retrieve(eventId).getPendingWebhooks() == 0;
          } catch (StripeException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(events(EventListParams.builder().setDeliverySuccess(false).build())).isEmpty();
  }

  @Test
  void eventsNameTheRequestAndAreFilteredByTypeAndTime() throws Exception {
    Customer customer =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder().setName("Acme").build(),
                RequestOptions.builder().setIdempotencyKey("create-acme").build());
    simulator.advanceClock(Duration.ofMinutes(5));
    stripe
        .v1()
        .customers()
        .update(customer.getId(), CustomerUpdateParams.builder().setName("Acme Ltd").build());
    pay();

    List<Event> customerEvents = events(EventListParams.builder().setType("customer.*").build());
    assertThat(customerEvents)
        .extracting(Event::getType)
        .containsExactly("customer.updated", "customer.created");
    Event created = stripe.v1().events().retrieve(customerEvents.get(1).getId());
    assertThat(created.getRequest().getId()).startsWith("req_");
    assertThat(created.getRequest().getIdempotencyKey()).isEqualTo("create-acme");
    assertThat(created.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
    assertThat(created.getLivemode()).isFalse();
    assertThat(
            events(
                EventListParams.builder()
                    .addType("payment_intent.succeeded")
                    .addType("customer.created")
                    .build()))
        .extracting(Event::getType)
        .containsExactly("payment_intent.succeeded", "customer.created");
    long later = simulator.now().getEpochSecond();
    assertThat(
            events(
                EventListParams.builder()
                    .setCreated(EventListParams.Created.builder().setGte(later).build())
                    .build()))
        .extracting(Event::getType)
        .containsExactly("payment_intent.succeeded", "payment_intent.created", "customer.updated");
    Customer updated =
        (Customer) customerEvents.getFirst().getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(updated.getName()).isEqualTo("Acme Ltd");
  }

  @Test
  void eventsAreKeptForThirtyDays() throws Exception {
    stripe.v1().customers().create(CustomerCreateParams.builder().build());
    String id = events(EventListParams.builder().build()).getFirst().getId();

    simulator.advanceClock(Duration.ofDays(31));

    assertThat(events(EventListParams.builder().build())).isEmpty();
    InvalidRequestException gone =
        catchThrowableOfType(
            InvalidRequestException.class, () -> stripe.v1().events().retrieve(id));
    assertThat(gone.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void heldEventsAreSentInTheOrderATestChoosesAndCanBeDuplicated() throws Exception {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.ALL);
    simulator.holdWebhooks();
    PaymentIntent intent = pay();
    List<Event> events = events(EventListParams.builder().setType("payment_intent.*").build());
    String succeeded = events.get(0).getId();
    String created = events.get(1).getId();

    simulator.sendEvents(List.of(succeeded, created));

    assertThat(idOf(receiver.next())).isEqualTo(succeeded);
    assertThat(idOf(receiver.next())).isEqualTo(created);

    RawHttp control = new RawHttp(simulator, null);
    assertThat(control.post("/_simulator/events/" + succeeded + "/resend", "").status())
        .isEqualTo(200);
    WebhookReceiver.Delivery duplicate = receiver.next();
    assertThat(idOf(duplicate)).isEqualTo(succeeded);
    assertThat(json(duplicate.body()).path("data").path("object").path("id").asText())
        .isEqualTo(intent.getId());

    simulator.releaseWebhooks();
    stripe.v1().customers().create(CustomerCreateParams.builder().build());
    assertThat(typeOf(receiver.next())).isEqualTo("customer.created");
    assertThat(receiver.count()).isEqualTo(4);
  }
}
