package io.settle.api.merchant;

import io.settle.api.problem.ApiProblem;
import io.settle.api.webhook.WebhookProperties;
import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import io.settle.stripe.gateway.webhooks.WebhookEndpointSetup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** A merchant's own settings: how its invoices are collected, and its webhook endpoint. */
@Service
class MerchantSettings {

  private final MerchantRepository merchants;
  private final StripeWebhookEndpoints webhookEndpoints;
  private final WebhookProperties webhookProperties;
  // The inbox checks a rolled secret's expiry with this same clock.
  private final Clock clock;

  MerchantSettings(
      MerchantRepository merchants,
      StripeWebhookEndpoints webhookEndpoints,
      WebhookProperties webhookProperties,
      Clock clock) {
    this.merchants = merchants;
    this.webhookEndpoints = webhookEndpoints;
    this.webhookProperties = webhookProperties;
    this.clock = clock;
  }

  PaymentSettingsResponse paymentSettings(long merchantId) {
    return merchants
        .customerPaymentSettings(merchantId)
        .map(PaymentSettingsResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  /** Invoices already created keep their currency and auto-pay timing; new ones take these. */
  PaymentSettingsResponse updatePaymentSettings(long merchantId, PaymentSettingsRequest request) {
    var settings = request.toStored();
    if (!merchants.updateCustomerPaymentSettings(merchantId, settings)) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    return PaymentSettingsResponse.of(settings);
  }

  CollectionPolicyResponse collectionPolicy(long merchantId) {
    return merchants
        .collectionPolicy(merchantId)
        .map(CollectionPolicyResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  /** Invoices already started keep the policy they started with; new ones take this one. */
  CollectionPolicyResponse updateCollectionPolicy(
      long merchantId, CollectionPolicyRequest request) {
    CollectionPolicy policy = request.toStored();
    if (!merchants.updateCollectionPolicy(merchantId, policy)) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    return CollectionPolicyResponse.of(policy);
  }

  /**
   * Creates or updates the endpoint at Stripe (no connection held across the call), then stores its
   * id and, when Stripe made a new one, its signing secret. A new secret rolls the old one, which
   * the inbox still accepts for {@link WebhookProperties#previousSecretValidity()}: deliveries
   * signed before the roll may still arrive or be retried.
   */
  WebhookEndpointResponse saveWebhookEndpoint(long merchantId, String url) {
    Optional<String> heldSecret = merchants.webhookSigningSecret(merchantId);
    WebhookEndpointSetup setup =
        webhookEndpoints.ensure(merchantId, idempotencyKey(merchantId, url, heldSecret), url);
    if (!merchants.recordWebhookEndpoint(
        merchantId,
        setup.endpointId(),
        setup.signingSecret(),
        clock.instant().plus(webhookProperties.previousSecretValidity()))) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    boolean secretStored = setup.signingSecret() != null || heldSecret.isPresent();
    return new WebhookEndpointResponse(
        setup.endpointId(), setup.url(), setup.enabledEvents(), secretStored);
  }

  /**
   * The same save repeats under the same key until its outcome is stored, so a save whose answer
   * was lost replays Stripe's creation and its secret, the only copy. Once a secret is stored the
   * key moves on (it names a digest of that secret): a later save updates the endpoint instead of
   * re-sending an old creation under a key Stripe may have forgotten, which would make a second
   * endpoint. A 32-bit digest says nothing useful about a 256-bit secret.
   */
  static String idempotencyKey(long merchantId, String url, Optional<String> heldSecret) {
    return "settle-webhook-endpoint-"
        + merchantId
        + "-"
        + sha256Hex(url).substring(0, 16)
        + "-"
        + heldSecret.map(secret -> sha256Hex(secret).substring(0, 8)).orElse("new");
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
