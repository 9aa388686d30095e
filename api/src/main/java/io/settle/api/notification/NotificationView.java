package io.settle.api.notification;

import io.settle.persistence.notification.NotificationStatus;
import io.settle.persistence.notification.OutboxNotification;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An email in the outbox as operators see it: who it is for and where it stands, not its body.
 *
 * @param invoiceId the invoice it is about; null for a pay-all receipt
 * @param attempts how often the mail relay has tried it
 * @param nextAttemptAt when it is tried again; null once SENT or SKIPPED, or given up (FAILED with
 *     none: {@code POST …/retry} sends it again)
 * @param messageId the {@code Message-ID} it was sent with, the same on every try
 */
public record NotificationView(
    long id,
    String kind,
    Long invoiceId,
    String invoiceNumber,
    long customerId,
    String to,
    List<String> cc,
    NotificationStatus status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant sentAt,
    String messageId) {

  static NotificationView of(OutboxNotification n) {
    return new NotificationView(
        n.id(),
        n.kind(),
        n.invoiceId(),
        n.invoiceNumber(),
        n.customerId(),
        n.recipientEmail(),
        n.ccEmails(),
        NotificationStatus.valueOf(n.status()),
        n.attempts(),
        n.lastError(),
        utc(n.createdAt()),
        utc(n.nextAttemptAt()),
        utc(n.sentAt()),
        n.messageId());
  }

  private static Instant utc(LocalDateTime time) {
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }
}
