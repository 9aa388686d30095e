package io.settle.persistence.merchant;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class MerchantRepository {

  private final JdbcClient jdbc;
  private final CredentialCipher cipher;

  MerchantRepository(JdbcClient jdbc, CredentialCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  public long insert(NewMerchant merchant) {
    var keys = new GeneratedKeyHolder();
    String secret = merchant.stripeSecretKey();
    jdbc.sql(
            """
            INSERT INTO merchant (name, default_currency, autopay_timing,
                                  stripe_secret_key_encrypted, stripe_secret_key_last4,
                                  stripe_publishable_key, stripe_livemode)
            VALUES (:name, :currency, :autopay, :secret, :last4, :publishable, :livemode)
            """)
        .param("name", merchant.name())
        .param("currency", merchant.defaultCurrency())
        .param("autopay", merchant.autopayTiming())
        .param("secret", cipher.encrypt(secret))
        .param("last4", secret.substring(Math.max(0, secret.length() - 4)))
        .param("publishable", merchant.stripePublishableKey())
        .param("livemode", secret.startsWith("sk_live_") || secret.startsWith("rk_live_"))
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  public Optional<Merchant> findById(long id) {
    return jdbc.sql(
            """
            SELECT id, name, default_currency, autopay_timing, stripe_secret_key_last4,
                   stripe_publishable_key, stripe_livemode, created_at
            FROM merchant WHERE id = :id
            """)
        .param("id", id)
        .query(Merchant.class)
        .optional();
  }

  /** The decrypted Stripe secret key; for building the merchant's Stripe client only. */
  public Optional<String> stripeSecretKey(long merchantId) {
    return jdbc.sql("SELECT stripe_secret_key_encrypted FROM merchant WHERE id = :id")
        .param("id", merchantId)
        .query(String.class)
        .optional()
        .map(cipher::decrypt);
  }

  /**
   * Records the webhook endpoint Settle registered at Stripe. The signing secret is encrypted; a
   * null secret keeps the stored one (Stripe returns it only when it creates an endpoint).
   *
   * @return whether there was such a merchant
   */
  public boolean recordWebhookEndpoint(long merchantId, String endpointId, String signingSecret) {
    return jdbc.sql(
                """
                UPDATE merchant
                SET stripe_webhook_endpoint_id = :endpoint,
                    stripe_webhook_secret_encrypted =
                        COALESCE(:secret, stripe_webhook_secret_encrypted),
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("endpoint", endpointId)
            .param("secret", signingSecret == null ? null : cipher.encrypt(signingSecret))
            .param("id", merchantId)
            .update()
        == 1;
  }

  /** The decrypted webhook signing secret; for verifying Stripe-Signature only. */
  public Optional<String> webhookSigningSecret(long merchantId) {
    return jdbc.sql("SELECT stripe_webhook_secret_encrypted FROM merchant WHERE id = :id")
        .param("id", merchantId)
        .query(String.class)
        .optional()
        .map(cipher::decrypt);
  }
}
