package io.settle.persistence.event;

import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.persistence.view.PublicViews;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox of events to the host app. Each method is called inside the transaction that makes the
 * change it reports, so the event commits with it or not at all; each event is written once per key
 * (a retried activity, or the same state published again, writes nothing), and fanned out in the
 * same transaction to one delivery per endpoint of the merchant subscribed to its type now.
 *
 * <p>The body is built here, once, and sent as stored: {@code {"id":"evt_…","type":…,"created":…,
 * "data":{"object":…}}}, the object as the API shows it at this moment.
 */
@Component
public class HostEvents {

  private final JdbcClient jdbc;
  private final PublicViews views;
  private final PaymentRepository payments;
  private final EventEndpointRepository endpoints;
  private final JsonMapper json;

  HostEvents(
      JdbcClient jdbc,
      PublicViews views,
      PaymentRepository payments,
      EventEndpointRepository endpoints,
      ObjectProvider<JsonMapper> json) {
    this.jdbc = jdbc;
    this.views = views;
    this.payments = payments;
    this.endpoints = endpoints;
    // The application's mapper, the one its API answers with, where there is one.
    this.json = json.getIfAvailable(() -> JsonMapper.builder().build());
  }

  /**
   * An event about the invoice as it stands now (read it after the change).
   *
   * @param eventKey unique among this invoice's events (it is prefixed with the invoice)
   */
  public void invoice(Invoice invoice, HostEventType type, String eventKey) {
    String orderingKey = "invoice:" + invoice.id();
    write(
        invoice.merchantId(),
        type,
        orderingKey + ":" + eventKey,
        () -> new Subject(orderingKey, views.invoice(invoice)));
  }

  /**
   * {@code payment.succeeded} for a payment just recorded with its allocations. A payment of one
   * invoice is ordered with that invoice's events; one of several (pay-all) on its own.
   */
  public void paymentSucceeded(long merchantId, long paymentId) {
    write(
        merchantId,
        HostEventType.PAYMENT_SUCCEEDED,
        "payment.succeeded:" + paymentId,
        () -> {
          var payment = payments.findById(merchantId, paymentId).orElseThrow();
          List<Long> invoiceIds =
              payments.allocationsOf(List.of(paymentId)).stream()
                  .map(a -> a.invoiceId())
                  .distinct()
                  .toList();
          return new Subject(
              invoiceIds.size() == 1 ? "invoice:" + invoiceIds.getFirst() : "payment:" + paymentId,
              views.payment(payment));
        });
  }

  /** {@code charge_run.completed} with the run's report as the charge-run API shows it. */
  public void chargeRunCompleted(long merchantId, String runId, Object report) {
    record(
        merchantId,
        HostEventType.CHARGE_RUN_COMPLETED,
        "charge_run.completed:" + runId,
        "charge_run:" + runId,
        report);
  }

  /**
   * Writes the event and its deliveries unless the merchant has an event with this key.
   *
   * @return whether this call wrote it
   */
  public boolean record(
      long merchantId, HostEventType type, String eventKey, String orderingKey, Object object) {
    return write(merchantId, type, eventKey, () -> new Subject(orderingKey, object));
  }

  /** What an event is about: the key it is ordered by, and the object as the API shows it. */
  private record Subject(String orderingKey, Object object) {}

  private boolean write(
      long merchantId, HostEventType type, String eventKey, Supplier<Subject> about) {
    // Only endpoints registered now receive it. With none subscribed there is nothing to deliver,
    // and the ledger's transaction neither reads the object nor stores an event (so an endpoint
    // registered later may still get a moment the workflow publishes again, never an older one).
    List<EventEndpoint> subscribed =
        endpoints.list(merchantId).stream().filter(e -> e.wants(type)).toList();
    if (subscribed.isEmpty() || exists(merchantId, eventKey)) {
      return false;
    }
    Subject subject = about.get();
    String orderingKey = subject.orderingKey();
    Object object = subject.object();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String publicId = "evt_" + UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", publicId);
    body.put("type", type.wireName());
    body.put("created", now);
    body.put("data", Map.of("object", object));
    LocalDateTime at = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    var keys = new GeneratedKeyHolder();
    try {
      jdbc.sql(
              """
              INSERT INTO host_event (merchant_id, public_id, event_key, event_type,
                                      ordering_key, payload, created_at)
              VALUES (:merchantId, :publicId, :key, :type, :orderingKey, :payload, :at)
              """)
          .param("merchantId", merchantId)
          .param("publicId", publicId)
          .param("key", eventKey)
          .param("type", type.wireName())
          .param("orderingKey", orderingKey)
          .param("payload", json.writeValueAsString(body))
          .param("at", at)
          .update(keys, "id");
    } catch (DuplicateKeyException raced) {
      return false; // another execution of the same activity wrote it first
    }
    long eventId = keys.getKey().longValue();
    for (EventEndpoint endpoint : subscribed) {
      jdbc.sql(
              """
              INSERT INTO event_delivery (merchant_id, event_id, endpoint_id, ordering_key,
                                          status, attempts, next_attempt_at, retry_since,
                                          created_at)
              VALUES (:merchantId, :eventId, :endpointId, :orderingKey, 'PENDING', 0, :at, :at,
                      :at)
              """)
          .param("merchantId", merchantId)
          .param("eventId", eventId)
          .param("endpointId", endpoint.id())
          .param("orderingKey", orderingKey)
          .param("at", at)
          .update();
    }
    return true;
  }

  private boolean exists(long merchantId, String eventKey) {
    return jdbc.sql(
                "SELECT COUNT(*) FROM host_event WHERE merchant_id = :merchantId AND event_key = :key")
            .param("merchantId", merchantId)
            .param("key", eventKey)
            .query(Long.class)
            .single()
        > 0;
  }
}
