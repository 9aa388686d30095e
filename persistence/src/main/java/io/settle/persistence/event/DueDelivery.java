package io.settle.persistence.event;

import java.time.LocalDateTime;

/** A delivery claimed for sending, with the event body to send as stored. */
public record DueDelivery(
    long id,
    long merchantId,
    long endpointId,
    int attempts,
    LocalDateTime retrySince,
    String eventPublicId,
    String eventType,
    String payload) {}
