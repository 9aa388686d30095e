package io.settle.persistence.merchant;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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

  /** The merchant's collection rules; empty when there is no such merchant. */
  public Optional<CollectionPolicy> collectionPolicy(long merchantId) {
    return jdbc.sql(
            """
            SELECT retry_schedule_days, exhaustion_policy, requires_action_expiry_hours,
                   processing_poll_start_minutes, processing_poll_max_minutes, processing_fee_bps
            FROM merchant WHERE id = :id
            """)
        .param("id", merchantId)
        .query(
            (row, n) ->
                new CollectionPolicy(
                    days(row.getString("retry_schedule_days")),
                    CollectionPolicy.OnExhaustion.valueOf(row.getString("exhaustion_policy")),
                    row.getInt("requires_action_expiry_hours"),
                    row.getInt("processing_poll_start_minutes"),
                    row.getInt("processing_poll_max_minutes"),
                    row.getInt("processing_fee_bps")))
        .optional();
  }

  /**
   * Replaces the merchant's collection rules. Invoices already started keep the rules they started
   * with.
   *
   * @return whether there was such a merchant
   */
  public boolean updateCollectionPolicy(long merchantId, CollectionPolicy policy) {
    return jdbc.sql(
                """
                UPDATE merchant
                SET retry_schedule_days = :days, exhaustion_policy = :exhaustion,
                    requires_action_expiry_hours = :expiry,
                    processing_poll_start_minutes = :pollStart,
                    processing_poll_max_minutes = :pollMax, processing_fee_bps = :fee,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param(
                "days",
                policy.retryDelayDays().stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(",")))
            .param("exhaustion", policy.onExhaustion().name())
            .param("expiry", policy.requiresActionExpiryHours())
            .param("pollStart", policy.processingPollStartMinutes())
            .param("pollMax", policy.processingPollMaxMinutes())
            .param("fee", policy.processingFeeBasisPoints())
            .param("id", merchantId)
            .update()
        == 1;
  }

  // "1,3,5,7"; "" is a schedule without retries.
  private static List<Integer> days(String schedule) {
    return schedule.isBlank()
        ? List.of()
        : Arrays.stream(schedule.split(",")).map(String::strip).map(Integer::valueOf).toList();
  }
}
