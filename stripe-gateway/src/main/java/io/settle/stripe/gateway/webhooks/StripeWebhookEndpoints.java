package io.settle.stripe.gateway.webhooks;

import com.stripe.Stripe;
import com.stripe.model.StripeCollection;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.StripeCalls;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The merchant's webhook endpoint at Stripe ("Save and create/update webhooks"): subscribed to
 * exactly {@link HandledEvents#TYPES}, and pinned to stripe-java's API version so every event's
 * {@code data.object} deserializes.
 */
public class StripeWebhookEndpoints {

  private final StripeCalls calls;

  public StripeWebhookEndpoints(StripeCalls calls) {
    this.calls = calls;
  }

  /**
   * Creates the endpoint for {@code url}, or updates the one already there. An endpoint's API
   * version cannot be changed, so one on another version is replaced (a new signing secret). A
   * repeat of a create whose answer was lost re-sends the create under the same key, so Stripe
   * replays the signing secret instead of Settle losing it. When the lost answer was a 5xx, Stripe
   * replays that 5xx instead, and the secret of the endpoint it made can never be read again: that
   * endpoint is then replaced under a key derived from this one ({@code <key>:recreate}), whose
   * repeats replay the new secret in turn.
   */
  public WebhookEndpointSetup ensure(long merchantId, String idempotencyKey, String url) {
    Optional<WebhookEndpoint> existing = findByUrl(merchantId, url);
    if (existing.isPresent()) {
      WebhookEndpoint endpoint = existing.get();
      String madeUnder =
          endpoint.getMetadata() == null
              ? null
              : endpoint.getMetadata().get(SettleMetadata.IDEMPOTENCY_KEY);
      if (recreateKey(idempotencyKey).equals(madeUnder)) {
        return create(merchantId, madeUnder, url);
      }
      if (idempotencyKey.equals(madeUnder)) {
        try {
          return create(merchantId, idempotencyKey, url);
        } catch (GatewayException e) {
          if (e.kind() != GatewayException.Kind.OUTCOME_UNKNOWN) {
            throw e;
          }
          // The key holds a 5xx for good; the endpoint it made has a secret nobody knows.
          delete(merchantId, followUp(idempotencyKey, "discard"), endpoint);
          return create(merchantId, recreateKey(idempotencyKey), url);
        }
      }
      if (Stripe.API_VERSION.equals(endpoint.getApiVersion())) {
        return update(merchantId, idempotencyKey, endpoint);
      }
      delete(merchantId, followUp(idempotencyKey, "replace"), endpoint);
    }
    return create(merchantId, idempotencyKey, url);
  }

  private static String recreateKey(String idempotencyKey) {
    return followUp(idempotencyKey, "recreate");
  }

  /**
   * The key of a write this save makes besides the endpoint's own (re-creating it, deleting one
   * whose secret nobody knows, replacing one on another API version): derived from the caller's
   * key, which IdempotencyKeys makes, so a retried save repeats each of them under the same key.
   */
  static String followUp(String idempotencyKey, String write) {
    return idempotencyKey + ":" + write;
  }

  private void delete(long merchantId, String idempotencyKey, WebhookEndpoint endpoint) {
    calls.write(
        merchantId,
        "delete webhook endpoint",
        idempotencyKey,
        (stripe, options) -> stripe.v1().webhookEndpoints().delete(endpoint.getId(), options));
  }

  private WebhookEndpointSetup create(long merchantId, String idempotencyKey, String url) {
    WebhookEndpointCreateParams params =
        WebhookEndpointCreateParams.builder()
            .setUrl(url)
            .addAllEnabledEvent(
                HandledEvents.TYPES.stream().map(StripeWebhookEndpoints::created).toList())
            .setApiVersion(pinnedVersion())
            .setDescription("Settle")
            .putMetadata(SettleMetadata.MERCHANT_ID, Long.toString(merchantId))
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, idempotencyKey)
            .build();
    WebhookEndpoint endpoint =
        calls.write(
            merchantId,
            "create webhook endpoint",
            idempotencyKey,
            (stripe, options) -> stripe.v1().webhookEndpoints().create(params, options));
    return of(endpoint, true);
  }

  private WebhookEndpointSetup update(
      long merchantId, String idempotencyKey, WebhookEndpoint endpoint) {
    WebhookEndpointUpdateParams params =
        WebhookEndpointUpdateParams.builder()
            .addAllEnabledEvent(
                HandledEvents.TYPES.stream().map(StripeWebhookEndpoints::updated).toList())
            .setDisabled(false)
            .build();
    WebhookEndpoint updated =
        calls.write(
            merchantId,
            "update webhook endpoint",
            idempotencyKey,
            (stripe, options) ->
                stripe.v1().webhookEndpoints().update(endpoint.getId(), params, options));
    return of(updated, false);
  }

  private Optional<WebhookEndpoint> findByUrl(long merchantId, String url) {
    String after = null;
    while (true) {
      WebhookEndpointListParams.Builder page = WebhookEndpointListParams.builder().setLimit(100L);
      if (after != null) {
        page.setStartingAfter(after);
      }
      WebhookEndpointListParams params = page.build();
      StripeCollection<WebhookEndpoint> listed =
          calls.read(
              merchantId,
              "list webhook endpoints",
              stripe -> stripe.v1().webhookEndpoints().list(params));
      for (WebhookEndpoint endpoint : listed.getData()) {
        if (url.equals(endpoint.getUrl())) {
          return Optional.of(endpoint);
        }
      }
      if (!Boolean.TRUE.equals(listed.getHasMore()) || listed.getData().isEmpty()) {
        return Optional.empty();
      }
      after = listed.getData().getLast().getId();
    }
  }

  private static WebhookEndpointSetup of(WebhookEndpoint endpoint, boolean created) {
    return new WebhookEndpointSetup(
        endpoint.getId(),
        endpoint.getUrl(),
        endpoint.getEnabledEvents() == null ? List.of() : endpoint.getEnabledEvents(),
        endpoint.getApiVersion(),
        created,
        created ? endpoint.getSecret() : null);
  }

  /** stripe-java's own version, as the create parameter's enum knows it. */
  static WebhookEndpointCreateParams.ApiVersion pinnedVersion() {
    return Arrays.stream(WebhookEndpointCreateParams.ApiVersion.values())
        .filter(version -> Stripe.API_VERSION.equals(version.getValue()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "stripe-java lacks its own version " + Stripe.API_VERSION));
  }

  static WebhookEndpointCreateParams.EnabledEvent created(String type) {
    return Arrays.stream(WebhookEndpointCreateParams.EnabledEvent.values())
        .filter(event -> type.equals(event.getValue()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("stripe-java does not know event " + type));
  }

  static WebhookEndpointUpdateParams.EnabledEvent updated(String type) {
    return Arrays.stream(WebhookEndpointUpdateParams.EnabledEvent.values())
        .filter(event -> type.equals(event.getValue()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("stripe-java does not know event " + type));
  }
}
