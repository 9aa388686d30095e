package io.settle.api.event;

import io.settle.persistence.event.DeliveryLogEntry;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One delivery of one event to an endpoint.
 *
 * @param status PENDING (to be sent, or sent again after a failed attempt), DELIVERED (a 2xx came
 *     back), or FAILED (given up after three days of retries, or the endpoint was deleted)
 * @param responseCode the host app's last HTTP status; null when it gave none (timeout, refused)
 * @param nextAttemptAt for PENDING, when it is tried next
 */
public record EventDeliveryResponse(
    long id,
    String eventId,
    String eventType,
    String status,
    int attempts,
    Integer responseCode,
    String lastError,
    Instant lastAttemptAt,
    Instant deliveredAt,
    Instant nextAttemptAt,
    Instant createdAt) {

  static EventDeliveryResponse of(DeliveryLogEntry entry) {
    return new EventDeliveryResponse(
        entry.id(),
        entry.eventId(),
        entry.eventType(),
        entry.status(),
        entry.attempts(),
        entry.lastResponseCode(),
        entry.lastError(),
        utc(entry.lastAttemptAt()),
        utc(entry.deliveredAt()),
        "PENDING".equals(entry.status()) ? utc(entry.nextAttemptAt()) : null,
        utc(entry.createdAt()));
  }

  private static Instant utc(LocalDateTime at) {
    return at == null ? null : at.toInstant(ZoneOffset.UTC);
  }
}
