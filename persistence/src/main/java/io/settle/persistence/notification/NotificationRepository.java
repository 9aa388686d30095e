package io.settle.persistence.notification;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification outbox: written in the transaction of the change it reports, sent by the mail
 * relay, which claims due rows, sends them and marks each SENT or FAILED.
 */
@Repository
public class NotificationRepository {

  private static final int MAX_ERROR_LENGTH = 1000;

  private static final String COLUMNS =
      """
      id, merchant_id, notification_key, kind, invoice_id, invoice_number, customer_id,
      recipient_name, recipient_email, amount, currency, next_retry_at, payment_link_url,
      stripe_payment_intent_id, reason, cc_email, facts, status, attempts, next_attempt_at,
      last_error, message_id, created_at, sent_at
      """;

  private final JdbcClient jdbc;

  NotificationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the notification unless one with its key exists: PENDING, or SKIPPED when it has no
   * recipient. One INSERT; the UNIQUE key refuses a second.
   *
   * @return whether this call wrote it
   */
  public boolean insertIfAbsent(NewNotification n) {
    boolean addressed = n.recipientEmail() != null && !n.recipientEmail().isBlank();
    try {
      jdbc.sql(
              """
              INSERT INTO notification (merchant_id, notification_key, kind, invoice_id,
                                        invoice_number, customer_id, recipient_name,
                                        recipient_email, amount, currency, next_retry_at,
                                        payment_link_url, stripe_payment_intent_id, reason,
                                        cc_email, facts, status, next_attempt_at, last_error)
              VALUES (:merchantId, :key, :kind, :invoiceId, :invoiceNumber, :customerId,
                      :recipientName, :recipientEmail, :amount, :currency, :nextRetryAt,
                      :link, :intent, :reason, :cc, :facts, :status, :nextAttemptAt, :error)
              """)
          .param("merchantId", n.merchantId())
          .param("key", n.key())
          .param("kind", n.kind())
          .param("invoiceId", n.invoiceId())
          .param("invoiceNumber", n.invoiceNumber())
          .param("customerId", n.customerId())
          .param("recipientName", n.recipientName())
          .param("recipientEmail", addressed ? n.recipientEmail() : null)
          .param("amount", n.amount())
          .param("currency", n.currency())
          .param("nextRetryAt", utc(n.nextRetryAt()))
          .param("link", n.paymentLinkUrl())
          .param("intent", n.stripePaymentIntentId())
          .param("reason", n.reason())
          .param("cc", n.ccEmails().isEmpty() ? null : String.join(",", n.ccEmails()))
          .param("facts", n.facts())
          .param("status", addressed ? "PENDING" : "SKIPPED")
          .param("nextAttemptAt", addressed ? utc(Instant.now()) : null)
          .param("error", addressed ? null : "no recipient: no address on record")
          .update();
      return true;
    } catch (DuplicateKeyException raced) {
      // Written before (a retried activity, a replayed decision): that row is the one.
      return false;
    }
  }

  public Optional<OutboxNotification> findByKey(String key) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE notification_key = :key")
        .param("key", key)
        .query(OutboxNotification.class)
        .optional();
  }

  public Optional<OutboxNotification> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE id = :id")
        .param("id", id)
        .query(OutboxNotification.class)
        .optional();
  }

  /** The invoice's notifications, oldest first. */
  public List<OutboxNotification> ofInvoice(long invoiceId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE invoice_id = :id ORDER BY id")
        .param("id", invoiceId)
        .query(OutboxNotification.class)
        .list();
  }

  /** The customer's notifications, oldest first. */
  public List<OutboxNotification> ofCustomer(long merchantId, long customerId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM notification WHERE merchant_id = :merchantId AND customer_id = :customerId"
                + " ORDER BY id")
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .query(OutboxNotification.class)
        .list();
  }

  /**
   * Claims up to {@code limit} messages due at {@code now}, across merchants, oldest due first:
   * PENDING ones and FAILED ones whose backoff is over. Rows another relay is claiming are skipped,
   * not waited for. Each claimed row counts an attempt and is due again only at {@code leaseUntil},
   * so no other relay takes it while this one sends it; if this one dies before marking it, it is
   * simply due again then.
   */
  @Transactional
  public List<OutboxNotification> claimDue(Instant now, Instant leaseUntil, int limit) {
    List<OutboxNotification> due =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + """
                     FROM notification
                    WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= :now
                    ORDER BY next_attempt_at, id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED
                    """)
            .param("now", utc(now))
            .param("limit", limit)
            .query(OutboxNotification.class)
            .list();
    if (!due.isEmpty()) {
      jdbc.sql(
              """
              UPDATE notification SET next_attempt_at = :until, attempts = attempts + 1
              WHERE id IN (:ids)
              """)
          .param("until", utc(leaseUntil))
          .param("ids", due.stream().map(OutboxNotification::id).toList())
          .update();
    }
    return due;
  }

  /** The SMTP server took message {@code id}: it is SENT, and never due again. */
  public void markSent(long id, String messageId, Instant at) {
    jdbc.sql(
            """
            UPDATE notification
            SET status = 'SENT', sent_at = :at, message_id = :messageId, next_attempt_at = NULL,
                last_error = NULL
            WHERE id = :id
            """)
        .param("at", utc(at))
        .param("messageId", messageId)
        .param("id", id)
        .update();
  }

  /**
   * A try of message {@code id} failed: it is FAILED, due again at {@code retryAt}, or never again
   * (given up) when that is null.
   */
  public void markFailed(long id, String error, Instant retryAt) {
    jdbc.sql(
            """
            UPDATE notification
            SET status = 'FAILED', last_error = :error, next_attempt_at = :retryAt
            WHERE id = :id AND status <> 'SENT'
            """)
        .param("error", truncate(error))
        .param("retryAt", utc(retryAt))
        .param("id", id)
        .update();
  }

  /**
   * An operator's retry: the merchant's given-up message {@code id} is due again at {@code dueAt},
   * with a fresh count of attempts.
   *
   * @return the message as it is now, or empty when the merchant has no given-up message {@code id}
   */
  @Transactional
  public Optional<OutboxNotification> retryGivenUp(long merchantId, long id, Instant dueAt) {
    int revived =
        jdbc.sql(
                """
                UPDATE notification SET attempts = 0, next_attempt_at = :due
                WHERE id = :id AND merchant_id = :merchantId AND status = 'FAILED'
                  AND next_attempt_at IS NULL
                """)
            .param("due", utc(dueAt))
            .param("id", id)
            .param("merchantId", merchantId)
            .update();
    return revived == 0 ? Optional.empty() : findById(id);
  }

  /** The merchant's messages in {@code status}, oldest first. */
  public List<OutboxNotification> listByStatus(
      long merchantId, NotificationStatus status, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM notification
                WHERE merchant_id = :merchantId AND status = :status
                ORDER BY id
                LIMIT :limit
                """)
        .param("merchantId", merchantId)
        .param("status", status.name())
        .param("limit", limit)
        .query(OutboxNotification.class)
        .list();
  }

  /** When the oldest message still to be sent (pending, or failed with a retry due) was queued. */
  public Optional<Instant> oldestUnsent() {
    return jdbc.sql(
            """
            SELECT MIN(created_at) FROM notification
            WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at IS NOT NULL
            """)
        .query(LocalDateTime.class)
        .optional()
        .map(t -> t.toInstant(ZoneOffset.UTC));
  }

  /** How many messages, across merchants, were given up and wait for a person. */
  public long countGivenUp() {
    return jdbc.sql(
            "SELECT COUNT(*) FROM notification WHERE status = 'FAILED' AND next_attempt_at IS NULL")
        .query(Long.class)
        .single();
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
