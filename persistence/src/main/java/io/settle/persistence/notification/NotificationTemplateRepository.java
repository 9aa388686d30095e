package io.settle.persistence.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Merchants' own email templates, one per merchant and kind; no row means Settle's default. */
@Repository
public class NotificationTemplateRepository {

  private static final String COLUMNS =
      "merchant_id, kind, subject, html_body, text_body, updated_at";

  private final JdbcClient jdbc;

  NotificationTemplateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<StoredNotificationTemplate> find(long merchantId, String kind) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM notification_template WHERE merchant_id = :merchantId AND kind = :kind")
        .param("merchantId", merchantId)
        .param("kind", kind)
        .query(NotificationTemplateRepository::row)
        .optional();
  }

  /**
   * When the merchant's template was last saved, if it has one: a cheap check before rendering,
   * which reads the bodies only when they changed.
   */
  public Optional<Instant> updatedAt(long merchantId, String kind) {
    return jdbc.sql(
            "SELECT updated_at FROM notification_template"
                + " WHERE merchant_id = :merchantId AND kind = :kind")
        .param("merchantId", merchantId)
        .param("kind", kind)
        .query((rs, rowNum) -> rs.getObject("updated_at", LocalDateTime.class))
        .optional()
        .map(at -> at.toInstant(ZoneOffset.UTC));
  }

  /** The merchant's own templates, by kind. */
  public List<StoredNotificationTemplate> findAll(long merchantId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM notification_template WHERE merchant_id = :merchantId ORDER BY kind")
        .param("merchantId", merchantId)
        .query(NotificationTemplateRepository::row)
        .list();
  }

  /**
   * Inserts or replaces the merchant's template for its kind. The time is cut to microseconds, what
   * DATETIME(6) keeps, so the returned record equals what a later read gives.
   *
   * @return the template as stored
   */
  public StoredNotificationTemplate save(
      long merchantId,
      String kind,
      String subject,
      String htmlBody,
      String textBody,
      Instant updatedAt) {
    Instant at = updatedAt.truncatedTo(ChronoUnit.MICROS);
    LocalDateTime utc = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    int updated =
        jdbc.sql(
                """
                UPDATE notification_template
                   SET subject = :subject, html_body = :html, text_body = :text, updated_at = :at
                 WHERE merchant_id = :merchantId AND kind = :kind
                """)
            .param("merchantId", merchantId)
            .param("kind", kind)
            .param("subject", subject)
            .param("html", htmlBody)
            .param("text", textBody)
            .param("at", utc)
            .update();
    if (updated == 0) {
      // Two PUTs of a first template racing: the loser's INSERT fails on the unique key and the
      // caller answers 500; a retry updates. Rare enough (an admin editing) not to need more.
      jdbc.sql(
              """
              INSERT INTO notification_template
                  (merchant_id, kind, subject, html_body, text_body, updated_at)
              VALUES (:merchantId, :kind, :subject, :html, :text, :at)
              """)
          .param("merchantId", merchantId)
          .param("kind", kind)
          .param("subject", subject)
          .param("html", htmlBody)
          .param("text", textBody)
          .param("at", utc)
          .update();
    }
    return new StoredNotificationTemplate(merchantId, kind, subject, htmlBody, textBody, at);
  }

  /**
   * Removes the merchant's template, so the default applies again.
   *
   * @return whether there was one
   */
  public boolean delete(long merchantId, String kind) {
    return jdbc.sql(
                "DELETE FROM notification_template WHERE merchant_id = :merchantId AND kind = :kind")
            .param("merchantId", merchantId)
            .param("kind", kind)
            .update()
        > 0;
  }

  private static StoredNotificationTemplate row(ResultSet rs, int rowNum) throws SQLException {
    return new StoredNotificationTemplate(
        rs.getLong("merchant_id"),
        rs.getString("kind"),
        rs.getString("subject"),
        rs.getString("html_body"),
        rs.getString("text_body"),
        rs.getObject("updated_at", LocalDateTime.class).toInstant(ZoneOffset.UTC));
  }
}
