package io.settle.persistence.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys, once per merchant and key: reserved before the request is processed, completed
 * with its answer after, or released when the answer must not be replayed.
 */
@Repository
public class IdempotencyKeyRepository {

  private final JdbcClient jdbc;

  IdempotencyKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the key for {@code request}.
   *
   * @return false when the merchant already holds the key (in progress or answered)
   */
  public boolean reserve(IdempotentRequest request, Instant at) {
    try {
      jdbc.sql(
              """
              INSERT INTO idempotency_key (merchant_id, idempotency_key, key_hash, request_method,
                                           request_path, request_hash, created_at)
              VALUES (:merchantId, :key, :keyHash, :method, :path, :bodyHash, :at)
              """)
          .param("merchantId", request.merchantId())
          .param("key", request.key())
          .param("keyHash", sha256(request.key()))
          .param("method", request.method())
          .param("path", request.path())
          .param("bodyHash", request.bodyHash())
          .param("at", utc(at))
          .update();
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  public Optional<IdempotencyKeyRecord> find(long merchantId, String key) {
    return jdbc.sql(
            """
            SELECT merchant_id, idempotency_key, request_method, request_path, request_hash,
                   response_status, response_content_type, response_location, response_body,
                   created_at
            FROM idempotency_key
            WHERE merchant_id = :merchantId AND key_hash = :keyHash
            """)
        .param("merchantId", merchantId)
        .param("keyHash", sha256(key))
        .query(IdempotencyKeyRecord.class)
        .optional();
  }

  /** Stores the answer to a reserved key; a key already answered keeps its first answer. */
  public void complete(long merchantId, String key, StoredAnswer answer, Instant at) {
    jdbc.sql(
            """
            UPDATE idempotency_key
            SET response_status = :status, response_content_type = :contentType,
                response_location = :location, response_body = :body, completed_at = :at
            WHERE merchant_id = :merchantId AND key_hash = :keyHash AND response_status IS NULL
            """)
        .param("status", answer.status())
        .param("contentType", answer.contentType())
        .param("location", answer.location())
        .param("body", answer.body())
        .param("at", utc(at))
        .param("merchantId", merchantId)
        .param("keyHash", sha256(key))
        .update();
  }

  /** Frees a reserved key that was not answered, so a retry is processed afresh. */
  public void release(long merchantId, String key) {
    jdbc.sql(
            """
            DELETE FROM idempotency_key
            WHERE merchant_id = :merchantId AND key_hash = :keyHash AND response_status IS NULL
            """)
        .param("merchantId", merchantId)
        .param("keyHash", sha256(key))
        .update();
  }

  /**
   * Forgets every key, of every merchant, created before {@code cutoff}.
   *
   * @return how many
   */
  public int deleteCreatedBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM idempotency_key WHERE created_at < :cutoff")
        .param("cutoff", utc(cutoff))
        .update();
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
