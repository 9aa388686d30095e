package io.settle.persistence.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API keys are random 32-byte tokens; only their SHA-256 is stored, so a database leak does not
 * leak usable keys. A fast hash is enough because the tokens carry 256 bits of entropy.
 */
@Repository
public class ApiKeyRepository {

  private static final String TOKEN_PREFIX = "stl_";

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

  ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates a key and returns its token, which is shown once and never stored. */
  public String issue(long merchantId, String role, String permissions, Long customerId) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = TOKEN_PREFIX + HexFormat.of().formatHex(bytes);
    jdbc.sql(
            """
            INSERT INTO api_key (merchant_id, key_hash, key_prefix, role, permissions, customer_id)
            VALUES (:merchantId, :hash, :prefix, :role, :permissions, :customerId)
            """)
        .param("merchantId", merchantId)
        .param("hash", sha256(token))
        .param("prefix", token.substring(0, 12))
        .param("role", role)
        .param("permissions", permissions)
        .param("customerId", customerId)
        .update();
    return token;
  }

  public Optional<ApiKey> findActiveByToken(String token) {
    return jdbc.sql(
            """
            SELECT id, merchant_id, key_prefix, role, permissions, customer_id
            FROM api_key WHERE key_hash = :hash AND revoked_at IS NULL
            """)
        .param("hash", sha256(token))
        .query(ApiKey.class)
        .optional();
  }

  /** The merchant's keys, revoked ones too, oldest first; never a hash or a token. */
  public List<IssuedApiKey> listByMerchant(long merchantId) {
    return jdbc.sql(
            """
            SELECT id, key_prefix, role, permissions, customer_id, created_at, revoked_at
            FROM api_key WHERE merchant_id = :merchantId ORDER BY id
            """)
        .param("merchantId", merchantId)
        .query(IssuedApiKey.class)
        .list();
  }

  /**
   * Revokes the merchant's key; revoking it again changes nothing.
   *
   * @return false when the merchant has no such key (another merchant's included)
   */
  public boolean revoke(long merchantId, long id) {
    int revoked =
        jdbc.sql(
                """
                UPDATE api_key SET revoked_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND merchant_id = :merchantId AND revoked_at IS NULL
                """)
            .param("id", id)
            .param("merchantId", merchantId)
            .update();
    return revoked > 0
        || jdbc.sql("SELECT COUNT(*) FROM api_key WHERE id = :id AND merchant_id = :merchantId")
                .param("id", id)
                .param("merchantId", merchantId)
                .query(Long.class)
                .single()
            > 0;
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
