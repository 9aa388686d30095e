package io.settle.persistence.notification;

import java.time.LocalDateTime;

/** A message in the outbox, as stored; {@code nextRetryAt} is UTC. */
public record OutboxNotification(
    long id,
    long merchantId,
    String notificationKey,
    String kind,
    long invoiceId,
    String invoiceNumber,
    long customerId,
    String recipientName,
    String recipientEmail,
    long amount,
    String currency,
    LocalDateTime nextRetryAt,
    String paymentLinkUrl,
    String stripePaymentIntentId,
    String reason,
    String ccEmail,
    String status,
    LocalDateTime createdAt,
    LocalDateTime sentAt) {}
