package io.settle.persistence.event;

import io.settle.persistence.merchant.CredentialCipher;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The merchants' event endpoints; a deleted one stays for its delivery log, and gets nothing. */
@Repository
public class EventEndpointRepository {

  private static final String COLUMNS =
      "id, merchant_id, url, event_types, secret_encrypted, description, created_at, deleted_at";

  private final JdbcClient jdbc;
  private final CredentialCipher cipher;

  EventEndpointRepository(JdbcClient jdbc, CredentialCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /** Stores the endpoint with its secret encrypted; answers it as stored. */
  public EventEndpoint create(
      long merchantId, String url, List<String> types, String secret, String description) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO event_endpoint (merchant_id, url, event_types, secret_encrypted,
                                        description, created_at)
            VALUES (:merchantId, :url, :types, :secret, :description, :now)
            """)
        .param("merchantId", merchantId)
        .param("url", url)
        .param("types", String.join(",", types))
        .param("secret", cipher.encrypt(secret))
        .param("description", description)
        .param("now", LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
        .update(keys, "id");
    return find(merchantId, keys.getKey().longValue()).orElseThrow();
  }

  /** The merchant's endpoint, unless deleted. */
  public Optional<EventEndpoint> find(long merchantId, long id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM event_endpoint WHERE id = :id AND merchant_id = :merchantId"
                + " AND deleted_at IS NULL")
        .param("id", id)
        .param("merchantId", merchantId)
        .query(EventEndpoint.class)
        .optional();
  }

  /** Any endpoint by id, deleted or not, for the delivery loop. */
  public Optional<EventEndpoint> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM event_endpoint WHERE id = :id")
        .param("id", id)
        .query(EventEndpoint.class)
        .optional();
  }

  /** The merchant's live endpoints, oldest first. */
  public List<EventEndpoint> list(long merchantId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM event_endpoint WHERE merchant_id = :merchantId AND deleted_at IS NULL"
                + " ORDER BY id")
        .param("merchantId", merchantId)
        .query(EventEndpoint.class)
        .list();
  }

  /**
   * Stops the endpoint receiving anything; its pending deliveries end FAILED.
   *
   * @return whether the merchant had it
   */
  public boolean delete(long merchantId, long id) {
    LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    int deleted =
        jdbc.sql(
                """
                UPDATE event_endpoint SET deleted_at = :now
                WHERE id = :id AND merchant_id = :merchantId AND deleted_at IS NULL
                """)
            .param("now", now)
            .param("id", id)
            .param("merchantId", merchantId)
            .update();
    if (deleted > 0) {
      jdbc.sql(
              """
              UPDATE event_delivery SET status = 'FAILED', last_error = 'endpoint deleted'
              WHERE endpoint_id = :id AND status = 'PENDING'
              """)
          .param("id", id)
          .update();
    }
    return deleted > 0;
  }

  /** The secret in the clear, to sign with. */
  public String secretOf(EventEndpoint endpoint) {
    return cipher.decrypt(endpoint.secretEncrypted());
  }
}
