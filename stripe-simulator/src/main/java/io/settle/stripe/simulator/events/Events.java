package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.StripeApiHandler;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.Origin;
import java.time.Duration;
import java.util.Map;

/**
 * Records what happened to an account as Stripe Events and hands each to delivery. Called by the
 * resources under the account's lock, right after the change is stored.
 */
public final class Events {

  /** How long Stripe lets you list and retrieve an event. */
  public static final Duration RETENTION = Duration.ofDays(30);

  private Events() {}

  public static Event emit(Account account, String type, Object object) {
    return emit(account, type, object, null);
  }

  public static Event emit(
      Account account, String type, Object object, Map<String, Object> previousAttributes) {
    Origin origin = account.origin();
    Event event =
        new Event(
            StripeIds.event(),
            StripeApiHandler.DEFAULT_API_VERSION,
            account.simulation().clock().instant().getEpochSecond(),
            new Event.Data(object, previousAttributes),
            account.livemode(),
            new Event.Request(
                origin == null ? null : origin.requestId(),
                origin == null ? null : origin.idempotencyKey()),
            type,
            new Deliveries(WebhookEndpoints.subscribedTo(account, type)));
    account.store(Event.class).insert(event.id(), event);
    account.simulation().events().published(account, event.id());
    return event;
  }
}
