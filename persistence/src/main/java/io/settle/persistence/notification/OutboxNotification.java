package io.settle.persistence.notification;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A message in the outbox, as stored; times are UTC.
 *
 * @param ccEmail the copies, comma-separated, or null (see {@link #ccEmails()})
 * @param status PENDING, SENT, FAILED or SKIPPED ({@link NotificationStatus})
 * @param attempts how many times the relay has taken it
 * @param nextAttemptAt when it is due (again); null once SENT, SKIPPED or given up
 * @param messageId the {@code Message-ID} it was sent with
 */
public record OutboxNotification(
    long id,
    long merchantId,
    String notificationKey,
    String kind,
    Long invoiceId,
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
    String facts,
    String status,
    int attempts,
    LocalDateTime nextAttemptAt,
    String lastError,
    String messageId,
    LocalDateTime createdAt,
    LocalDateTime sentAt) {

  /** The copied addresses, in order. */
  public List<String> ccEmails() {
    return ccEmail == null || ccEmail.isBlank()
        ? List.of()
        : Arrays.stream(ccEmail.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
