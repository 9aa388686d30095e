package io.settle.api.webhook;

import io.settle.api.problem.ApiProblem;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.persistence.webhook.StripeEventSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** What operators do with the merchant's stored Stripe events: look at them, retry a DEAD one. */
@Service
class WebhookEventOps {

  private static final int LIST_LIMIT = 200;

  private final StripeEventRepository events;
  private final StripeEventDispatcher dispatcher;
  private final WebhookProperties properties;
  private final Clock clock;

  WebhookEventOps(
      StripeEventRepository events,
      StripeEventDispatcher dispatcher,
      WebhookProperties properties,
      Clock clock) {
    this.events = events;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
  }

  /** The merchant's events in {@code state}, oldest first. */
  List<WebhookEventView> list(long merchantId, StripeEventState state) {
    return events.listByState(merchantId, state, LIST_LIMIT).stream()
        .map(WebhookEventOps::view)
        .toList();
  }

  /**
   * Gives the merchant's DEAD event {@code id} a fresh set of attempts and hands it over now; if
   * that fails too, the dispatch loop carries on with its backoff as for any failed event.
   *
   * @return the event afterwards: DISPATCHED, IGNORED, FAILED (or DEAD when only one try is
   *     allowed)
   * @throws ApiProblem 404 when the merchant has no event {@code id}, 409 when it is not DEAD
   */
  WebhookEventView retry(long merchantId, long id) {
    // Due again only after the signal's timeout, so no dispatch loop takes it meanwhile.
    Instant claimedUntil = clock.instant().plus(properties.signalTimeout().multipliedBy(2));
    StoredStripeEvent revived =
        events.retryDead(merchantId, id, claimedUntil).orElseThrow(() -> notDead(merchantId, id));
    dispatcher.redeliver(revived);
    return events.findById(id).map(WebhookEventOps::view).orElseThrow();
  }

  private ApiProblem notDead(long merchantId, long id) {
    return events
        .findById(id)
        .filter(event -> event.merchantId() == merchantId)
        .map(
            event ->
                ApiProblem.conflict(
                    "Only a DEAD event is retried by hand; this one is " + event.state() + ".",
                    Map.of("state", event.state().name())))
        .orElseGet(() -> ApiProblem.notFound("webhook event", id));
  }

  private static WebhookEventView view(StripeEventSummary e) {
    return new WebhookEventView(
        e.id(),
        e.stripeEventId(),
        e.eventType(),
        e.state(),
        e.attempts(),
        e.lastError(),
        e.invoiceId(),
        utc(e.receivedAt()),
        utc(e.nextAttemptAt()));
  }

  private static WebhookEventView view(StoredStripeEvent e) {
    return new WebhookEventView(
        e.id(),
        e.stripeEventId(),
        e.eventType(),
        e.state(),
        e.attempts(),
        e.lastError(),
        e.invoiceId(),
        utc(e.receivedAt()),
        utc(e.nextAttemptAt()));
  }

  private static Instant utc(LocalDateTime at) {
    return at == null ? null : at.toInstant(ZoneOffset.UTC);
  }
}
