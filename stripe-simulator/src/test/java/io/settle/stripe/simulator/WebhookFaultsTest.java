package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import io.settle.stripe.simulator.events.DroppedWebhook;
import io.settle.stripe.simulator.events.WebhookFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook deliveries dropped, duplicated and held back for chaos runs. */
class WebhookFaultsTest {

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

  private void endpoint(WebhookEndpointCreateParams.EnabledEvent events) throws StripeException {
    stripe
        .v1()
        .webhookEndpoints()
        .create(
            WebhookEndpointCreateParams.builder()
                .setUrl(receiver.url())
                .addEnabledEvent(events)
                .build());
  }

  /** Creates a customer; with an endpoint for customer.created, that is one event. */
  private String customer() throws StripeException {
    return stripe.v1().customers().create(CustomerCreateParams.builder().build()).getId();
  }

  /** The id of the customer.created event of {@code customer}. */
  private String createdEventOf(String customer) throws StripeException {
    return stripe
        .v1()
        .events()
        .list(EventListParams.builder().setType("customer.created").setLimit(100L).build())
        .getData()
        .stream()
        .filter(event -> event.getDataObjectDeserializer().getRawJson().contains(customer))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  /** The customer a customer.created delivery is about. */
  private String nextCustomer() {
    return json(receiver.next().body()).path("data").path("object").path("id").asText();
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long pendingWebhooks(String eventId) throws StripeException {
    return stripe.v1().events().retrieve(eventId).getPendingWebhooks();
  }

  @Test
  void exactlyTheNextEventsOfATypeAreDroppedThenDeliveryGoesOn() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    simulator.dropNextWebhooks(2, "customer.created");

    String first = customer();
    String second = customer();
    String third = customer();
    assertThat(nextCustomer()).as("the first two were dropped").isEqualTo(third);

    assertThat(simulator.droppedWebhooks())
        .extracting(DroppedWebhook::id)
        .containsExactly(createdEventOf(first), createdEventOf(second));
    assertThat(simulator.webhookFaultCounts().dropped()).isEqualTo(2);
  }

  @Test
  void aCountedDropOfAnotherTypeLeavesThisOneAlone() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    simulator.dropNextWebhooks(1, "payment_intent.succeeded");

    String first = customer();

    assertThat(nextCustomer()).isEqualTo(first);
    assertThat(simulator.droppedWebhooks()).isEmpty();
  }

  @Test
  void aDroppedEventIsNeverDeliveredNorRetriedAndIsListed() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    simulator.webhookFaults(WebhookFaults.NONE.dropping(0.5));

    // Every second event is dropped: the 2nd and the 4th.
    String first = customer();
    assertThat(nextCustomer()).isEqualTo(first);
    String second = customer();
    String third = customer();
    assertThat(nextCustomer()).isEqualTo(third);
    String fourth = customer();
    simulator.advanceClock(Duration.ofHours(3));
    String fifth = customer();
    assertThat(nextCustomer()).isEqualTo(fifth);

    String account = stripe.v1().accounts().retrieveCurrent().getId();
    assertThat(simulator.droppedWebhooks())
        .containsExactly(
            new DroppedWebhook(createdEventOf(second), "customer.created", account, null),
            new DroppedWebhook(createdEventOf(fourth), "customer.created", account, null));
    assertThat(simulator.webhookFaultCounts()).isEqualTo(new WebhookFaults.Counts(2, 0, 0));
    assertThat(pendingWebhooks(createdEventOf(second))).isEqualTo(1);
    assertThat(pendingWebhooks(createdEventOf(first))).isZero();
    assertThat(receiver.count()).isEqualTo(3);
  }

  @Test
  void aDuplicatedEventArrivesTwiceInARow() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    simulator.webhookFaults(WebhookFaults.NONE.duplicating(0.5));

    String first = customer();
    assertThat(nextCustomer()).isEqualTo(first);
    String second = customer();
    assertThat(nextCustomer()).isEqualTo(second);
    assertThat(nextCustomer()).isEqualTo(second);
    String third = customer();
    assertThat(nextCustomer()).isEqualTo(third);
    String fourth = customer();
    assertThat(nextCustomer()).isEqualTo(fourth);
    assertThat(nextCustomer()).isEqualTo(fourth);

    assertThat(simulator.webhookFaultCounts()).isEqualTo(new WebhookFaults.Counts(0, 2, 0));
    assertThat(receiver.count()).isEqualTo(6);
  }

  @Test
  void aReorderedEventIsOvertakenByALaterOne() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    // Held back ten minutes, far longer than the test takes, until clearing the faults sends it.
    simulator.webhookFaults(WebhookFaults.NONE.reordering(0.5, Duration.ofMinutes(10)));

    String first = customer();
    assertThat(nextCustomer()).isEqualTo(first);
    String second = customer();
    String third = customer();
    assertThat(nextCustomer()).isEqualTo(third);
    assertThat(receiver.count()).isEqualTo(2);
    assertThat(simulator.webhookFaultCounts()).isEqualTo(new WebhookFaults.Counts(0, 0, 1));

    simulator.clearWebhookFaults();
    assertThat(nextCustomer()).isEqualTo(second);
    assertThat(simulator.webhookFaults()).isEqualTo(WebhookFaults.NONE);

    // A short delay sends it on its own.
    simulator.webhookFaults(WebhookFaults.NONE.reordering(1, Duration.ofMillis(20)));
    String fourth = customer();
    assertThat(nextCustomer()).isEqualTo(fourth);
    assertThat(simulator.webhookFaultCounts()).isEqualTo(new WebhookFaults.Counts(0, 0, 2));
  }

  @Test
  void eventsATestSendsItselfAreNeverFaulted() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);
    simulator.webhookFaults(WebhookFaults.NONE.duplicating(1));
    String first = customer();
    assertThat(nextCustomer()).isEqualTo(first);
    assertThat(nextCustomer()).isEqualTo(first);
    String second = customer();
    assertThat(nextCustomer()).isEqualTo(second);
    assertThat(nextCustomer()).isEqualTo(second);

    simulator.sendEvents(List.of(createdEventOf(first), createdEventOf(second)));
    assertThat(nextCustomer()).isEqualTo(first);
    assertThat(nextCustomer()).isEqualTo(second);

    simulator.webhookFaults(WebhookFaults.NONE.dropping(1));
    String third = customer();
    simulator.resendEvent(createdEventOf(third));
    assertThat(nextCustomer()).isEqualTo(third);
    assertThat(simulator.droppedWebhooks())
        .extracting(DroppedWebhook::id)
        .containsExactly(createdEventOf(third));
  }

  @Test
  void eventsWithoutAnEndpointDoNotCountTowardsTheShare() throws StripeException {
    simulator.webhookFaults(WebhookFaults.NONE.dropping(0.5));
    customer();
    customer();
    endpoint(WebhookEndpointCreateParams.EnabledEvent.CUSTOMER__CREATED);

    String first = customer();
    assertThat(nextCustomer()).isEqualTo(first);
    customer();

    assertThat(simulator.webhookFaultCounts().dropped()).isEqualTo(1);
  }

  @Test
  void theControlApiDropsPaymentEventsListsThemAndForgetsThemOnReset() throws StripeException {
    endpoint(WebhookEndpointCreateParams.EnabledEvent.ALL);
    RawHttp control = new RawHttp(simulator, null);

    JsonNode set =
        control.post("/_simulator/webhooks/faults", "drop_fraction=1&reorder_delay_ms=5000").json();
    assertThat(set.path("drop_fraction").asDouble()).isEqualTo(1);
    assertThat(set.path("duplicate_fraction").asDouble()).isZero();
    assertThat(set.path("reorder_delay_ms").asLong()).isEqualTo(5000);
    customer();
    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(
                PaymentIntentCreateParams.builder()
                    .setAmount(1_000L)
                    .setCurrency("usd")
                    .setPaymentMethod("pm_card_visa")
                    .addPaymentMethodType("card")
                    .setConfirm(true)
                    .build());

    JsonNode dropped = control.get("/_simulator/webhooks/dropped").json();
    assertThat(dropped.path("object").asText()).isEqualTo("list");
    List<String> types = new ArrayList<>();
    for (JsonNode event : dropped.path("data")) {
      types.add(event.path("type").asText());
      assertThat(event.path("id").asText()).startsWith("evt_");
      assertThat(event.path("account").asText()).startsWith("acct_");
      if (event.path("type").asText().startsWith("payment_intent.")) {
        assertThat(event.path("payment_intent").asText()).isEqualTo(intent.getId());
      } else {
        assertThat(event.path("payment_intent").isNull()).isTrue();
      }
    }
    assertThat(types)
        .containsExactly("customer.created", "payment_intent.created", "payment_intent.succeeded");
    assertThat(control.get("/_simulator/webhooks/faults").json().path("dropped").asLong())
        .isEqualTo(types.size());

    JsonNode off = control.delete("/_simulator/webhooks/faults").json();
    assertThat(off.path("drop_fraction").asDouble()).isZero();
    assertThat(off.path("dropped").asLong()).isEqualTo(types.size());
    assertThat(control.get("/_simulator/webhooks/dropped").json().path("data").size())
        .isEqualTo(types.size());
    customer();
    assertThat(json(receiver.next().body()).path("type").asText()).isEqualTo("customer.created");

    assertThat(control.post("/_simulator/reset", "").status()).isEqualTo(200);
    assertThat(control.get("/_simulator/webhooks/dropped").json().path("data").size()).isZero();
    assertThat(control.get("/_simulator/webhooks/faults").json().path("dropped").asLong()).isZero();
    assertThat(receiver.count()).isEqualTo(1);
    assertThat(control.post("/_simulator/webhooks/faults", "drop_fraction=2").status())
        .isEqualTo(400);
    assertThat(control.post("/_simulator/webhooks/faults", "drop_fraction=0.1&seed=7").status())
        .isEqualTo(400);
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> WebhookFaults.NONE.duplicating(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookFaults.NONE.reordering(0.1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
