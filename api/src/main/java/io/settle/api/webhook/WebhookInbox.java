package io.settle.api.webhook;

import io.settle.api.balance.CashBalanceEvents;
import io.settle.api.customer.StripeCustomerEvents;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.WebhookSigningSecrets;
import io.settle.persistence.webhook.NewStripeEvent;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.stripe.gateway.events.StripeEvent;
import io.settle.stripe.gateway.events.StripeEventReader;
import io.settle.stripe.gateway.events.UnverifiedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Stripe's webhooks in: verify the signature over the body exactly as sent, store the event once,
 * and answer. Nothing else is on the request path: {@link StripeEventDispatchLoop}, nudged here,
 * hands the stored event to its workflow (or the customer mirror), so a flood of webhooks waits in
 * the table, not in Stripe's connections, and an event Temporal cannot take yet is never lost.
 */
@Service
class WebhookInbox {

  private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

  private final MerchantRepository merchants;
  private final StripeEventRepository events;
  private final StripeEventDispatchLoop dispatch;

  private final Clock clock;

  /** How long decrypted signing secrets are used before they are read again. */
  static final Duration SECRET_TTL = Duration.ofSeconds(30);

  /**
   * A signature the cached secrets do not verify reads them again, but not more often than this: a
   * flood of forged events must not become a flood of database reads and decryptions.
   */
  static final Duration REREAD_AFTER = Duration.ofSeconds(1);

  private final Map<Long, CachedSecrets> secretCache = new ConcurrentHashMap<>();

  /**
   * With the clock that decides whether a rolled signing secret is still accepted, the same one
   * that stamped its expiry.
   */
  WebhookInbox(
      MerchantRepository merchants,
      StripeEventRepository events,
      StripeEventDispatchLoop dispatch,
      Clock clock) {
    this.clock = clock;
    this.merchants = merchants;
    this.events = events;
    this.dispatch = dispatch;
  }

  /**
   * Takes one delivery to the merchant's endpoint.
   *
   * @throws ApiProblem 400 when the event cannot be verified; nothing is stored then
   */
  WebhookReceipt receive(long merchantId, byte[] body, String signatureHeader) {
    String payload = new String(body, StandardCharsets.UTF_8);
    StripeEvent event = verified(merchantId, payload, signatureHeader);
    InvoicePaymentEvent read =
        InvoicePaymentEvent.read(merchantId, event.id(), event.type(), event.object());
    // Payment method and customer events go to the mirror, cash balance events to the customer's
    // balance run: not to an invoice's workflow.
    boolean handledElsewhere =
        StripeCustomerEvents.handles(event.type()) || CashBalanceEvents.handles(event.type());
    StripeEventState initial =
        read.actionable() || handledElsewhere
            ? StripeEventState.RECEIVED
            : StripeEventState.IGNORED;
    Optional<Long> stored =
        events.insertIfAbsent(
            new NewStripeEvent(
                merchantId,
                event.id(),
                event.type(),
                event.apiVersion(),
                event.livemode(),
                event.created(),
                payload,
                read.invoiceId(),
                initial,
                handledElsewhere ? null : read.ignoredBecause(),
                clock.instant()));
    if (stored.isEmpty()) {
      StripeEventState state =
          events.find(merchantId, event.id()).map(StoredStripeEvent::state).orElse(initial);
      return new WebhookReceipt(event.id(), true, state);
    }
    if (initial == StripeEventState.RECEIVED) {
      dispatch.nudge();
    }
    return new WebhookReceipt(event.id(), false, initial);
  }

  // Never logs the secret or the signature header: only what was wrong.
  private StripeEvent verified(long merchantId, String payload, String signatureHeader) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw rejected(merchantId, "no Stripe-Signature header");
    }
    List<String> secrets = secrets(merchantId, false);
    try {
      return StripeEventReader.verify(payload, signatureHeader, secrets);
    } catch (UnverifiedEventException withCached) {
      // The secret may have changed since it was cached (saved through another API instance):
      // read it again before refusing, unless it was read just now.
      secrets = secrets(merchantId, true);
      if (secrets.isEmpty()) {
        throw rejected(merchantId, "no signing secret for this merchant");
      }
      try {
        return StripeEventReader.verify(payload, signatureHeader, secrets);
      } catch (UnverifiedEventException e) {
        throw rejected(merchantId, e.getMessage());
      }
    }
  }

  /**
   * The merchant's signing secrets valid now. Decrypted secrets are kept for {@link #SECRET_TTL},
   * so a flood of events costs no database read and no decryption per event; a signature they do
   * not verify reads them again, at most once per {@link #REREAD_AFTER}.
   */
  private List<String> secrets(long merchantId, boolean fresh) {
    Instant now = clock.instant();
    CachedSecrets cached = secretCache.get(merchantId);
    Duration maxAge = fresh ? REREAD_AFTER : SECRET_TTL;
    if (cached == null || !cached.readAt().plus(maxAge).isAfter(now)) {
      cached = new CachedSecrets(merchants.webhookSigningSecrets(merchantId), now);
      secretCache.put(merchantId, cached);
    }
    return cached.held().map(held -> held.validAt(now)).orElse(List.of());
  }

  /** A secret saved here is used from the next event on, whatever the cache held. */
  @EventListener
  void on(SigningSecretChanged changed) {
    secretCache.remove(changed.merchantId());
  }

  private record CachedSecrets(Optional<WebhookSigningSecrets> held, Instant readAt) {}

  private static ApiProblem rejected(long merchantId, String why) {
    log.warn("Rejected a Stripe webhook for merchant {}: {}", merchantId, why);
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.WEBHOOK_REJECTED,
        "Webhook rejected",
        "The event could not be verified as coming from Stripe for this endpoint.",
        Map.of());
  }
}
