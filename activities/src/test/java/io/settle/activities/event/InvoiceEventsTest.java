package io.settle.activities.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.activities.ledger.LedgerActivitiesImpl;
import io.settle.activities.notify.NotificationActivitiesImpl;
import io.settle.activities.notify.NotificationProperties;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpoint;
import io.settle.persistence.event.EventEndpointRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.view.PublicViews;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host app's events, as the ledger writes them with the state they report, on H2 in MySQL mode:
 * which events a published state means, each once, fanned out to the endpoints subscribed at that
 * moment, in the order they happened.
 */
@SpringBootTest(
    classes = InvoiceEventsTest.StoreOnly.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:events;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "settle.crypto.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "settle.notifications.payment-link-base-url=https://pay.example.test/"
    })
class InvoiceEventsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableConfigurationProperties(NotificationProperties.class)
  @Import({
    PersistenceConfiguration.class,
    LedgerActivitiesImpl.class,
    io.settle.activities.ledger.CustomerCredits.class,
    InvoiceEvents.class,
    NotificationOutbox.class,
    NotificationActivitiesImpl.class
  })
  static class StoreOnly {}

  @org.springframework.test.context.bean.override.mockito.MockitoBean
  io.temporal.client.WorkflowClient workflows;

  @Autowired LedgerActivitiesImpl ledger;
  @Autowired MerchantRepository merchants;
  @Autowired CustomerRepository customers;
  @Autowired InvoiceRepository invoices;
  @Autowired EventEndpointRepository endpoints;
  @Autowired EventDeliveryRepository deliveries;
  @Autowired PublicViews views;
  @Autowired JdbcClient jdbc;

  private final JsonMapper json = JsonMapper.builder().build();
  private long merchantId;
  private Invoice invoice;

  @BeforeEach
  void anOpenInvoice() {
    merchantId =
        merchants.insert(new NewMerchant("Acme", "USD", "OFF", "sk_test_events_1234", null));
    long customerId =
        customers.insert(merchantId, "Acme Ltd", "ap@acme.test", "cus_" + unique(), "pm_card_visa");
    invoice =
        invoices.insert(
            new NewInvoice(
                merchantId,
                "INV-" + unique(),
                customerId,
                "USD",
                LocalDate.of(2026, 12, 1),
                "OFF",
                List.of(new InvoiceLine(1, LineKind.ITEM, "Consulting", 10_000)),
                null,
                null));
  }

  @Test
  void eachMomentIsOneEventEvenWhenTheSameStateIsPublishedAgain() {
    EventEndpoint all =
        endpoints.create(
            merchantId,
            "https://host.example/events",
            List.of(
                "invoice.payment_failed",
                "invoice.partially_paid",
                "invoice.paid",
                "payment.succeeded"),
            "evsec_test",
            null);
    var failed =
        new Notification(
            "k-" + unique(),
            invoice.id(),
            NotificationKind.PAYMENT_FAILED,
            10_000,
            null,
            "pi_1",
            "card_declined");

    ledger.publish(invoice.id(), InvoiceState.RETRY_SCHEDULED, List.of(failed));
    ledger.publish(invoice.id(), InvoiceState.RETRY_SCHEDULED, List.of(failed));
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-1", 4_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PARTIALLY_PAID, List.of());
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-2", 6_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());

    assertThat(eventTypes())
        .containsExactly(
            "invoice.payment_failed",
            "payment.succeeded",
            "invoice.partially_paid",
            "payment.succeeded",
            "invoice.paid");
    assertThat(deliveries.log(merchantId, all.id(), null, 50))
        .hasSize(5)
        .allSatisfy(d -> assertThat(d.status()).isEqualTo("PENDING"));
  }

  @Test
  void theInvoiceIsShownExactlyAsTheApiShowsItAtThatMoment() throws Exception {
    endpoints.create(
        merchantId, "https://host.example/e", List.of("invoice.paid"), "evsec_t", null);
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-1", 10_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());

    JsonNode body = json.readTree(payloadOf("invoice.paid"));
    assertThat(body.get("id").asString()).startsWith("evt_");
    assertThat(body.get("type").asString()).isEqualTo("invoice.paid");
    assertThat(Instant.parse(body.get("created").asString())).isBeforeOrEqualTo(Instant.now());
    JsonNode api =
        json.readTree(
            json.writeValueAsString(views.invoice(invoices.findById(invoice.id()).orElseThrow())));
    assertThat(body.get("data").get("object")).isEqualTo(api);
    assertThat(api.get("status").asString()).isEqualTo("PAID");
  }

  @Test
  void onlySubscribedEndpointsRegisteredBeforeTheEventGetIt() {
    EventEndpoint paidOnly =
        endpoints.create(
            merchantId, "https://a.example/e", List.of("invoice.paid"), "evsec_a", null);
    EventEndpoint failuresOnly =
        endpoints.create(
            merchantId, "https://b.example/e", List.of("invoice.payment_failed"), "evsec_b", null);
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-1", 10_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());
    EventEndpoint later =
        endpoints.create(
            merchantId, "https://c.example/e", List.of("invoice.paid"), "evsec_c", null);

    assertThat(deliveries.log(merchantId, paidOnly.id(), null, 10))
        .extracting(d -> d.eventType())
        .containsExactly("invoice.paid");
    assertThat(deliveries.log(merchantId, failuresOnly.id(), null, 10)).isEmpty();
    assertThat(deliveries.log(merchantId, later.id(), null, 10)).isEmpty();
  }

  @Test
  void aMerchantWithoutSubscribedEndpointsGetsNoEventRowsAtAll() {
    endpoints.create(
        merchantId, "https://a.example/e", List.of("charge_run.completed"), "evsec_a", null);
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-1", 10_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());

    assertThat(eventTypes()).isEmpty();
  }

  @Test
  void anInvoicesLaterEventWaitsUntilItsEarlierOneIsDeliveredOrGivenUp() {
    EventEndpoint endpoint =
        endpoints.create(
            merchantId,
            "https://a.example/e",
            List.of("invoice.partially_paid", "invoice.paid"),
            "evsec_a",
            null);
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-1", 4_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PARTIALLY_PAID, List.of());
    ledger.recordExternalPayment(
        invoice.id(),
        "ext-" + unique(),
        new ExternalPayment("W-2", 6_000, ExternalPayment.Method.WIRE));
    ledger.publish(invoice.id(), InvoiceState.PAID, List.of());
    Instant now = Instant.now().plusSeconds(1);

    var first = mine(deliveries.claimDue(now, now.plusSeconds(60), 50), endpoint);
    assertThat(first).extracting(d -> d.eventType()).containsExactly("invoice.partially_paid");
    assertThat(mine(deliveries.claimDue(now, now.plusSeconds(60), 50), endpoint))
        .as("the earlier one is leased, and the later one waits for it")
        .isEmpty();

    deliveries.failed(first.getFirst().id(), 500, "answered 500", java.util.Optional.of(now), now);
    assertThat(mine(deliveries.claimDue(now, now.plusSeconds(60), 50), endpoint))
        .as("a failed attempt keeps the order: the earlier one is due again first")
        .extracting(d -> d.eventType())
        .containsExactly("invoice.partially_paid");

    deliveries.delivered(first.getFirst().id(), 200, now);
    Instant later = now.plusSeconds(61);
    assertThat(mine(deliveries.claimDue(later, later.plusSeconds(60), 50), endpoint))
        .extracting(d -> d.eventType())
        .containsExactly("invoice.paid");
  }

  private static List<io.settle.persistence.event.DueDelivery> mine(
      List<io.settle.persistence.event.DueDelivery> claimed, EventEndpoint endpoint) {
    return claimed.stream().filter(d -> d.endpointId() == endpoint.id()).toList();
  }

  private List<String> eventTypes() {
    return jdbc.sql("SELECT event_type FROM host_event WHERE merchant_id = :m ORDER BY id")
        .param("m", merchantId)
        .query(String.class)
        .list();
  }

  private String payloadOf(String type) {
    return jdbc.sql("SELECT payload FROM host_event WHERE merchant_id = :m AND event_type = :t")
        .param("m", merchantId)
        .param("t", type)
        .query(String.class)
        .single();
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
