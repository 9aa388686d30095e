package io.settle.persistence.event;

import java.time.LocalDateTime;

/** One line of an endpoint's delivery log. */
public record DeliveryLogEntry(
    long id,
    String eventId,
    String eventType,
    String status,
    int attempts,
    Integer lastResponseCode,
    String lastError,
    LocalDateTime lastAttemptAt,
    LocalDateTime deliveredAt,
    LocalDateTime nextAttemptAt,
    LocalDateTime createdAt) {}
