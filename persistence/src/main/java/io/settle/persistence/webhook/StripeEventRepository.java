package io.settle.persistence.webhook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The webhook inbox: verified Stripe events, once per merchant and event id. */
@Repository
public class StripeEventRepository {

  /** Longest {@code last_error} kept; the column's width. */
  public static final int MAX_ERROR_LENGTH = 1000;

  private static final String COLUMNS =
      """
      id, merchant_id, stripe_event_id, event_type, api_version, livemode, stripe_created_at,
      payload, invoice_id, state, attempts, last_error, received_at, dispatched_at
      """;

  private final JdbcClient jdbc;

  StripeEventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores the event unless the merchant already has one with its Stripe id.
   *
   * @return the new row's id, or empty when the event was stored before (a repeat delivery)
   */
  public Optional<Long> insertIfAbsent(NewStripeEvent event) {
    if (find(event.merchantId(), event.stripeEventId()).isPresent()) {
      return Optional.empty();
    }
    var keys = new GeneratedKeyHolder();
    try {
      jdbc.sql(
              """
              INSERT INTO stripe_event (merchant_id, stripe_event_id, event_type, api_version,
                                        livemode, stripe_created_at, payload, invoice_id, state,
                                        last_error, received_at)
              VALUES (:merchantId, :eventId, :type, :apiVersion, :livemode, :created, :payload,
                      :invoiceId, :state, :note, :receivedAt)
              """)
          .param("merchantId", event.merchantId())
          .param("eventId", event.stripeEventId())
          .param("type", event.type())
          .param("apiVersion", event.apiVersion())
          .param("livemode", event.livemode())
          .param("created", utc(event.stripeCreatedAt()))
          .param("payload", event.payload())
          .param("invoiceId", event.invoiceId())
          .param("state", event.state().name())
          .param("note", truncate(event.note()))
          .param("receivedAt", utc(event.receivedAt()))
          .update(keys, "id");
      return Optional.of(keys.getKeyAs(Number.class).longValue());
    } catch (DuplicateKeyException raced) {
      // The same event arrived twice at once; the other delivery stored it.
      return Optional.empty();
    }
  }

  public Optional<StoredStripeEvent> find(long merchantId, String stripeEventId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM stripe_event WHERE merchant_id = :merchantId AND stripe_event_id = :id")
        .param("merchantId", merchantId)
        .param("id", stripeEventId)
        .query(StoredStripeEvent.class)
        .optional();
  }

  public Optional<StoredStripeEvent> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM stripe_event WHERE id = :id")
        .param("id", id)
        .query(StoredStripeEvent.class)
        .optional();
  }

  /** The invoice's workflow accepted the event. */
  public void markDispatched(long id, Instant at) {
    jdbc.sql(
            """
            UPDATE stripe_event
            SET state = 'DISPATCHED', attempts = attempts + 1, last_error = NULL,
                dispatched_at = :at
            WHERE id = :id
            """)
        .param("at", utc(at))
        .param("id", id)
        .update();
  }

  /** Nothing will act on the event, for {@code reason}. */
  public void markIgnored(long id, String reason) {
    jdbc.sql(
            """
            UPDATE stripe_event SET state = 'IGNORED', attempts = attempts + 1, last_error = :reason
            WHERE id = :id AND state <> 'DISPATCHED'
            """)
        .param("reason", truncate(reason))
        .param("id", id)
        .update();
  }

  /**
   * Handing the event over failed; it stays due for the re-dispatcher. A row another dispatcher has
   * meanwhile delivered stays delivered.
   */
  public void markFailed(long id, String error) {
    jdbc.sql(
            """
            UPDATE stripe_event SET state = 'FAILED', attempts = attempts + 1, last_error = :error
            WHERE id = :id AND state IN ('RECEIVED', 'FAILED')
            """)
        .param("error", truncate(error))
        .param("id", id)
        .update();
  }

  /**
   * Events still to hand over, across merchants, oldest first: every FAILED one, and RECEIVED ones
   * that arrived before {@code receivedBefore} (newer ones are still being handed over by the
   * request that stored them).
   */
  public List<StoredStripeEvent> undispatched(Instant receivedBefore, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM stripe_event
                WHERE state = 'FAILED' OR (state = 'RECEIVED' AND received_at < :before)
                ORDER BY received_at, id
                LIMIT :limit
                """)
        .param("before", utc(receivedBefore))
        .param("limit", limit)
        .query(StoredStripeEvent.class)
        .list();
  }

  /** The merchant's events in {@code state}, oldest first, without payloads. */
  public List<StripeEventSummary> listByState(long merchantId, StripeEventState state, int limit) {
    return jdbc.sql(
            """
            SELECT id, stripe_event_id, event_type, state, attempts, last_error, invoice_id,
                   received_at
            FROM stripe_event
            WHERE merchant_id = :merchantId AND state = :state
            ORDER BY received_at, id
            LIMIT :limit
            """)
        .param("merchantId", merchantId)
        .param("state", state.name())
        .param("limit", limit)
        .query(StripeEventSummary.class)
        .list();
  }

  private static LocalDateTime utc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR_LENGTH
        ? text
        : text.substring(0, MAX_ERROR_LENGTH);
  }
}
