package io.settle.api.merchant;

import io.settle.api.problem.ApiProblem;
import io.settle.api.webhook.SigningSecretChanged;
import io.settle.api.webhook.WebhookProperties;
import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import io.settle.stripe.gateway.webhooks.WebhookEndpointSetup;
import io.settle.workflows.charge.IdempotencyKeys;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** A merchant's own settings: how its invoices are collected, and its webhook endpoint. */
@Service
class MerchantSettings {

  private final MerchantRepository merchants;
  private final StripeWebhookEndpoints webhookEndpoints;
  private final WebhookProperties webhookProperties;
  private final ApplicationEventPublisher events;
  // The inbox checks a rolled secret's expiry with this same clock.
  private final Clock clock;

  MerchantSettings(
      MerchantRepository merchants,
      StripeWebhookEndpoints webhookEndpoints,
      WebhookProperties webhookProperties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.merchants = merchants;
    this.webhookEndpoints = webhookEndpoints;
    this.webhookProperties = webhookProperties;
    this.events = events;
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

  BankTransferSettings bankTransfers(long merchantId) {
    return merchants
        .bankTransfersEnabled(merchantId)
        .map(BankTransferSettings::new)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  BankTransferSettings updateBankTransfers(long merchantId, BankTransferSettings request) {
    if (!merchants.updateBankTransfers(merchantId, request.enabled())) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    return request;
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
   * signed before the roll may still arrive or be retried. The key stays the same until a secret is
   * stored (see {@link IdempotencyKeys#webhookEndpoint}), so a save whose answer was lost replays.
   */
  WebhookEndpointResponse saveWebhookEndpoint(long merchantId, String url) {
    Optional<String> heldSecret = merchants.webhookSigningSecret(merchantId);
    WebhookEndpointSetup setup =
        webhookEndpoints.ensure(
            merchantId, IdempotencyKeys.webhookEndpoint(merchantId, url, heldSecret), url);
    if (!merchants.recordWebhookEndpoint(
        merchantId,
        setup.endpointId(),
        setup.signingSecret(),
        clock.instant().plus(webhookProperties.previousSecretValidity()))) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    if (setup.signingSecret() != null) {
      events.publishEvent(new SigningSecretChanged(merchantId));
    }
    boolean secretStored = setup.signingSecret() != null || heldSecret.isPresent();
    return new WebhookEndpointResponse(
        setup.endpointId(), setup.url(), setup.enabledEvents(), secretStored);
  }
}
