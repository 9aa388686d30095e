package io.settle.persistence.event;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Deliveries of host-app events: claimed by the worker's loop, read by the delivery log. */
@Repository
public class EventDeliveryRepository {

  /** Longest {@code last_error} kept; the column's width. */
  public static final int MAX_ERROR_LENGTH = 1000;

  private final JdbcClient jdbc;

  EventDeliveryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims up to {@code limit} deliveries due at {@code now}, due longest first, each only when no
   * earlier event of its ordering key (its invoice) is still pending for the same endpoint: an
   * invoice's events reach an endpoint in the order they happened. Rows another worker is claiming
   * are skipped, not waited for; a claimed row is due again only at {@code leaseUntil}, so no other
   * worker sends it meanwhile, and if this one stops before recording what came of it, it is sent
   * again then (at least once).
   */
  @Transactional
  public List<DueDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
    // The subquery has no locking clause, so it reads without locking (MySQL and MariaDB).
    List<Long> ids =
        jdbc.sql(
                """
                SELECT d.id FROM event_delivery d
                 WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now
                   AND NOT EXISTS (SELECT 1 FROM event_delivery e
                                    WHERE e.endpoint_id = d.endpoint_id
                                      AND e.ordering_key = d.ordering_key
                                      AND e.status = 'PENDING'
                                      AND e.event_id < d.event_id)
                 ORDER BY d.next_attempt_at, d.id
                 LIMIT :limit
                 FOR UPDATE SKIP LOCKED
                """)
            .param("now", utc(now))
            .param("limit", limit)
            .query(Long.class)
            .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    jdbc.sql("UPDATE event_delivery SET next_attempt_at = :until WHERE id IN (:ids)")
        .param("until", utc(leaseUntil))
        .param("ids", ids)
        .update();
    return jdbc.sql(
            """
            SELECT d.id, d.merchant_id, d.endpoint_id, d.attempts, d.retry_since,
                   e.public_id AS event_public_id, e.event_type, e.payload
              FROM event_delivery d JOIN host_event e ON e.id = d.event_id
             WHERE d.id IN (:ids)
             ORDER BY d.event_id
            """)
        .param("ids", ids)
        .query(DueDelivery.class)
        .list();
  }

  public void delivered(long id, int responseCode, Instant now) {
    jdbc.sql(
            """
            UPDATE event_delivery
               SET status = 'DELIVERED', attempts = attempts + 1, last_response_code = :code,
                   last_error = NULL, last_attempt_at = :now, delivered_at = :now
             WHERE id = :id AND status = 'PENDING'
            """)
        .param("code", responseCode)
        .param("now", utc(now))
        .param("id", id)
        .update();
  }

  /**
   * A failed attempt: due again at {@code nextAttempt}, or, when empty, FAILED for good.
   *
   * @param responseCode the host app's status, or null when it gave none (timeout, refused)
   */
  public void failed(
      long id, Integer responseCode, String error, Optional<Instant> nextAttempt, Instant now) {
    jdbc.sql(
            """
            UPDATE event_delivery
               SET status = :status, attempts = attempts + 1, last_response_code = :code,
                   last_error = :error, last_attempt_at = :now, next_attempt_at = :next
             WHERE id = :id AND status = 'PENDING'
            """)
        .param("status", nextAttempt.isPresent() ? "PENDING" : "FAILED")
        .param("code", responseCode)
        .param("error", truncate(error))
        .param("now", utc(now))
        .param("next", utc(nextAttempt.orElse(now)))
        .param("id", id)
        .update();
  }

  /** The endpoint's deliveries, newest first, before {@code beforeId} when given. */
  public List<DeliveryLogEntry> log(long merchantId, long endpointId, Long beforeId, int limit) {
    return jdbc.sql(
            """
            SELECT d.id, e.public_id AS event_id, e.event_type, d.status, d.attempts,
                   d.last_response_code, d.last_error, d.last_attempt_at, d.delivered_at,
                   d.next_attempt_at, d.created_at
              FROM event_delivery d JOIN host_event e ON e.id = d.event_id
             WHERE d.merchant_id = :merchantId AND d.endpoint_id = :endpointId
               AND (:beforeId IS NULL OR d.id < :beforeId)
             ORDER BY d.id DESC
             LIMIT :limit
            """)
        .param("merchantId", merchantId)
        .param("endpointId", endpointId)
        .param("beforeId", beforeId)
        .param("limit", limit)
        .query(DeliveryLogEntry.class)
        .list();
  }

  public Optional<DeliveryLogEntry> find(long merchantId, long endpointId, long deliveryId) {
    return jdbc.sql(
            """
            SELECT d.id, e.public_id AS event_id, e.event_type, d.status, d.attempts,
                   d.last_response_code, d.last_error, d.last_attempt_at, d.delivered_at,
                   d.next_attempt_at, d.created_at
              FROM event_delivery d JOIN host_event e ON e.id = d.event_id
             WHERE d.merchant_id = :merchantId AND d.endpoint_id = :endpointId AND d.id = :id
            """)
        .param("merchantId", merchantId)
        .param("endpointId", endpointId)
        .param("id", deliveryId)
        .query(DeliveryLogEntry.class)
        .optional();
  }

  /**
   * Sends the event again: the delivery is PENDING and due at {@code now}, with a fresh run of
   * retries. A delivery already pending keeps its place.
   *
   * @return whether the merchant's endpoint has that delivery
   */
  public boolean redeliver(long merchantId, long endpointId, long deliveryId, Instant now) {
    return jdbc.sql(
                """
                UPDATE event_delivery
                   SET status = 'PENDING', next_attempt_at = :now, retry_since = :now,
                       delivered_at = NULL
                 WHERE id = :id AND merchant_id = :merchantId AND endpoint_id = :endpointId
                   AND status <> 'PENDING'
                """)
            .param("now", utc(now))
            .param("id", deliveryId)
            .param("merchantId", merchantId)
            .param("endpointId", endpointId)
            .update()
        > 0;
  }

  /** How long the oldest delivery not yet delivered or given up has waited; zero when none. */
  public Duration oldestPendingAge(Instant now) {
    LocalDateTime oldest =
        jdbc
            .sql("SELECT MIN(created_at) FROM event_delivery WHERE status = 'PENDING'")
            .query(LocalDateTime.class)
            .list()
            .stream()
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    if (oldest == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(oldest.toInstant(ZoneOffset.UTC), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** In the columns' precision: a finer parameter would compare after the value it stored. */
  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
