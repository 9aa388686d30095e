package io.settle.persistence.notification;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification outbox: written by the workflows' activity, read by the sender. */
@Repository
public class NotificationRepository {

  private static final String COLUMNS =
      """
      id, merchant_id, notification_key, kind, invoice_id, invoice_number, customer_id,
      recipient_name, recipient_email, amount, currency, next_retry_at, payment_link_url,
      stripe_payment_intent_id, reason, cc_email, status, created_at, sent_at
      """;

  private final JdbcClient jdbc;

  NotificationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the notification as PENDING unless one with its key exists.
   *
   * @return whether this call wrote it
   */
  public boolean insertIfAbsent(NewNotification n) {
    if (findByKey(n.key()).isPresent()) {
      return false;
    }
    try {
      jdbc.sql(
              """
              INSERT INTO notification (merchant_id, notification_key, kind, invoice_id,
                                        invoice_number, customer_id, recipient_name,
                                        recipient_email, amount, currency, next_retry_at,
                                        payment_link_url, stripe_payment_intent_id, reason,
                                        cc_email, status)
              VALUES (:merchantId, :key, :kind, :invoiceId, :invoiceNumber, :customerId,
                      :recipientName, :recipientEmail, :amount, :currency, :nextRetryAt,
                      :link, :intent, :reason, :cc, 'PENDING')
              """)
          .param("merchantId", n.merchantId())
          .param("key", n.key())
          .param("kind", n.kind())
          .param("invoiceId", n.invoiceId())
          .param("invoiceNumber", n.invoiceNumber())
          .param("customerId", n.customerId())
          .param("recipientName", n.recipientName())
          .param("recipientEmail", n.recipientEmail())
          .param("amount", n.amount())
          .param("currency", n.currency())
          .param(
              "nextRetryAt",
              n.nextRetryAt() == null
                  ? null
                  : LocalDateTime.ofInstant(n.nextRetryAt(), ZoneOffset.UTC))
          .param("link", n.paymentLinkUrl())
          .param("intent", n.stripePaymentIntentId())
          .param("reason", n.reason())
          .param("cc", n.ccEmail())
          .update();
      return true;
    } catch (DuplicateKeyException raced) {
      // Another execution of the same activity wrote it first; its row is the one.
      return false;
    }
  }

  public Optional<OutboxNotification> findByKey(String key) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE notification_key = :key")
        .param("key", key)
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
}
