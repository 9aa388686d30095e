package io.settle.persistence.merchant;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
                                  stripe_publishable_key, stripe_livemode,
                                  stripe_account_id, stripe_account_claim)
            VALUES (:name, :currency, :autopay, :secret, :last4, :publishable, :livemode,
                    :account, :claim)
            """)
        .param("name", merchant.name())
        .param("currency", merchant.defaultCurrency())
        .param("autopay", merchant.autopayTiming())
        .param("secret", cipher.encrypt(secret))
        .param("last4", secret.substring(Math.max(0, secret.length() - 4)))
        .param("publishable", merchant.stripePublishableKey())
        .param("livemode", secret.startsWith("sk_live_") || secret.startsWith("rk_live_"))
        .param("account", merchant.stripeAccountId())
        .param("claim", merchant.sharesStripeAccount() ? null : merchant.stripeAccountId())
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  /** Every merchant's id, oldest first: for what each merchant has one of (its Schedules). */
  public List<Long> ids() {
    return jdbc.sql("SELECT id FROM merchant ORDER BY id").query(Long.class).list();
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
    return recordWebhookEndpoint(merchantId, endpointId, signingSecret, Instant.now());
  }

  /**
   * As {@link #recordWebhookEndpoint(long, String, String)}; a new secret that differs from the
   * stored one rolls it: the stored one stays valid, encrypted, until {@code previousValidUntil},
   * for deliveries Stripe signed before the roll.
   */
  public boolean recordWebhookEndpoint(
      long merchantId, String endpointId, String signingSecret, Instant previousValidUntil) {
    Optional<String> held =
        signingSecret == null ? Optional.empty() : webhookSigningSecret(merchantId);
    boolean rolled = held.isPresent() && !held.get().equals(signingSecret);
    return jdbc.sql(
                """
                UPDATE merchant
                SET previous_webhook_secret_encrypted =
                        CASE WHEN :rolled THEN stripe_webhook_secret_encrypted
                             ELSE previous_webhook_secret_encrypted END,
                    previous_webhook_secret_expires_at =
                        CASE WHEN :rolled THEN :previousUntil
                             ELSE previous_webhook_secret_expires_at END,
                    stripe_webhook_endpoint_id = :endpoint,
                    stripe_webhook_secret_encrypted =
                        COALESCE(:secret, stripe_webhook_secret_encrypted),
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("rolled", rolled)
            .param("previousUntil", LocalDateTime.ofInstant(previousValidUntil, ZoneOffset.UTC))
            .param("endpoint", endpointId)
            .param("secret", signingSecret == null ? null : cipher.encrypt(signingSecret))
            .param("id", merchantId)
            .update()
        == 1;
  }

  /** The decrypted signing secrets, the current and the rolled one; empty without a merchant. */
  public Optional<WebhookSigningSecrets> webhookSigningSecrets(long merchantId) {
    return jdbc.sql(
            """
            SELECT stripe_webhook_secret_encrypted, previous_webhook_secret_encrypted,
                   previous_webhook_secret_expires_at
            FROM merchant WHERE id = :id
            """)
        .param("id", merchantId)
        .query(
            (row, n) -> {
              String current = row.getString("stripe_webhook_secret_encrypted");
              String previous = row.getString("previous_webhook_secret_encrypted");
              LocalDateTime until =
                  row.getObject("previous_webhook_secret_expires_at", LocalDateTime.class);
              return new WebhookSigningSecrets(
                  current == null ? null : cipher.decrypt(current),
                  previous == null || until == null ? null : cipher.decrypt(previous),
                  until == null ? null : until.toInstant(ZoneOffset.UTC));
            })
        .optional();
  }

  /**
   * Replaces the merchant's Stripe keys (the secret encrypted, only its last 4 kept in clear) and
   * the account behind them. Unless the account is shared, another merchant's claim on it makes
   * this throw {@link org.springframework.dao.DuplicateKeyException} and change nothing.
   *
   * @return whether there was such a merchant
   */
  public boolean updateStripeKeys(
      long merchantId,
      String secretKey,
      String publishableKey,
      String stripeAccountId,
      boolean sharesStripeAccount) {
    return jdbc.sql(
                """
                UPDATE merchant
                SET stripe_secret_key_encrypted = :secret, stripe_secret_key_last4 = :last4,
                    stripe_publishable_key = :publishable, stripe_livemode = :livemode,
                    stripe_account_id = :account, stripe_account_claim = :claim,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("account", stripeAccountId)
            .param("claim", sharesStripeAccount ? null : stripeAccountId)
            .param("secret", cipher.encrypt(secretKey))
            .param("last4", secretKey.substring(Math.max(0, secretKey.length() - 4)))
            .param("publishable", publishableKey)
            .param("livemode", secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_"))
            .param("id", merchantId)
            .update()
        == 1;
  }

  /** The merchant's customer and payment settings; empty when there is no such merchant. */
  public Optional<CustomerPaymentSettings> customerPaymentSettings(long merchantId) {
    return jdbc.sql(
            """
            SELECT default_currency, autopay_timing, autopay_on_timing,
                   import_payment_method_types, agent_payment_method_types, customer_sync_mode,
                   customer_sync_fields, portal_payment_methods, notify_on,
                   notification_cc_email, stripe_sends_receipts
            FROM merchant WHERE id = :id
            """)
        .param("id", merchantId)
        .query(
            (row, n) ->
                new CustomerPaymentSettings(
                    row.getString("default_currency"),
                    !"OFF".equals(row.getString("autopay_timing")),
                    row.getString("autopay_on_timing"),
                    names(row.getString("import_payment_method_types")),
                    names(row.getString("agent_payment_method_types")),
                    CustomerPaymentSettings.SyncMode.valueOf(row.getString("customer_sync_mode")),
                    names(row.getString("customer_sync_fields")),
                    CustomerPaymentSettings.PortalPaymentMethods.valueOf(
                        row.getString("portal_payment_methods")),
                    CustomerPaymentSettings.NotifyOn.valueOf(row.getString("notify_on")),
                    row.getString("notification_cc_email"),
                    row.getBoolean("stripe_sends_receipts")))
        .optional();
  }

  /**
   * Whether the merchant takes bank transfers (ACH credit, wires) into its customers' cash balances
   * at Stripe; empty for no such merchant.
   */
  public Optional<Boolean> bankTransfersEnabled(long merchantId) {
    return jdbc.sql("SELECT bank_transfers_enabled FROM merchant WHERE id = :id")
        .param("id", merchantId)
        .query(Boolean.class)
        .optional();
  }

  /**
   * Turns bank transfers on or off.
   *
   * @return whether there was such a merchant
   */
  public boolean updateBankTransfers(long merchantId, boolean enabled) {
    return jdbc.sql(
                """
                UPDATE merchant SET bank_transfers_enabled = :enabled,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("enabled", enabled)
            .param("id", merchantId)
            .update()
        == 1;
  }

  /**
   * Replaces the merchant's customer and payment settings. Invoices already created keep the
   * currency and auto-pay timing they were created with.
   *
   * @return whether there was such a merchant
   */
  public boolean updateCustomerPaymentSettings(long merchantId, CustomerPaymentSettings settings) {
    return jdbc.sql(
                """
                UPDATE merchant
                SET default_currency = :currency, autopay_timing = :autopay,
                    autopay_on_timing = :autopayOn,
                    import_payment_method_types = :importTypes,
                    agent_payment_method_types = :agentTypes,
                    customer_sync_mode = :syncMode, customer_sync_fields = :syncFields,
                    portal_payment_methods = :portal, notify_on = :notifyOn,
                    notification_cc_email = :cc, stripe_sends_receipts = :receipts,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("currency", settings.settlementCurrency())
            .param("autopay", settings.effectiveAutopayTiming())
            .param("autopayOn", settings.autopayTiming())
            .param("importTypes", joined(settings.importTypes()))
            .param("agentTypes", joined(settings.agentTypes()))
            .param("syncMode", settings.customerSyncMode().name())
            .param("syncFields", joined(settings.syncFields()))
            .param("portal", settings.portalPaymentMethods().name())
            .param("notifyOn", settings.notifyOn().name())
            .param("cc", settings.notificationCcEmail())
            .param("receipts", settings.stripeSendsReceipts())
            .param("id", merchantId)
            .update()
        == 1;
  }

  /** The merchant's recurring invoice settings; empty when there is no such merchant. */
  public Optional<RecurringSettings> recurringSettings(long merchantId) {
    return jdbc.sql(
            """
            SELECT time_zone, recurring_autopay, collection_run_enabled, collection_run_hour
            FROM merchant WHERE id = :id
            """)
        .param("id", merchantId)
        .query(RecurringSettings.class)
        .optional();
  }

  /** Replaces them; whether there was such a merchant. */
  public boolean updateRecurringSettings(long merchantId, RecurringSettings settings) {
    return jdbc.sql(
                """
                UPDATE merchant
                SET time_zone = :timeZone, recurring_autopay = :recurringAutopay,
                    collection_run_enabled = :collectionRunEnabled,
                    collection_run_hour = :collectionRunHour, updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id
                """)
            .param("timeZone", settings.timeZone())
            .param("recurringAutopay", settings.recurringAutopay())
            .param("collectionRunEnabled", settings.collectionRunEnabled())
            .param("collectionRunHour", settings.collectionRunHour())
            .param("id", merchantId)
            .update()
        == 1;
  }

  // "card,us_bank_account"; "" is none.
  private static Set<String> names(String list) {
    return list == null || list.isBlank()
        ? Set.of()
        : Arrays.stream(list.split(","))
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  // Sorted, so the stored text does not depend on a set's iteration order.
  private static String joined(Set<String> names) {
    return names.stream().sorted().collect(Collectors.joining(","));
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
