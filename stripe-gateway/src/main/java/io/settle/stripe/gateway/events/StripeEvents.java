package io.settle.stripe.gateway.events;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import io.settle.stripe.gateway.StripeCalls;
import java.time.Instant;

/** Stripe's events, read back for reconciliation when a webhook never arrived. */
public class StripeEvents {

  private final StripeCalls calls;

  public StripeEvents(StripeCalls calls) {
    this.calls = calls;
  }

  public StripeEventRecord retrieve(long merchantId, String eventId) {
    return of(
        calls.read(merchantId, "retrieve event", stripe -> stripe.v1().events().retrieve(eventId)));
  }

  /**
   * Events created at or after {@code since} that Stripe could not deliver to any endpoint ({@code
   * delivery_success=false}), one page at a time (Stripe keeps events for 30 days).
   *
   * @param startingAfter the previous page's {@link EventPage#nextCursor()}, or null for the first
   * @param pageSize 1 to 100
   */
  public EventPage undelivered(long merchantId, Instant since, String startingAfter, int pageSize) {
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("page size is 1 to 100: " + pageSize);
    }
    EventListParams.Builder params =
        EventListParams.builder()
            .setDeliverySuccess(false)
            .setCreated(EventListParams.Created.builder().setGte(since.getEpochSecond()).build())
            .setLimit((long) pageSize);
    if (startingAfter != null) {
      params.setStartingAfter(startingAfter);
    }
    EventListParams built = params.build();
    StripeCollection<Event> page =
        calls.read(
            merchantId, "list undelivered events", stripe -> stripe.v1().events().list(built));
    var events = page.getData().stream().map(StripeEvents::of).toList();
    boolean more = Boolean.TRUE.equals(page.getHasMore()) && !events.isEmpty();
    return new EventPage(events, more ? events.getLast().id() : null);
  }

  static StripeEventRecord of(Event event) {
    JsonObject raw = event.getRawJsonObject();
    String payload = raw != null ? raw.toString() : event.toJson();
    JsonObject object = dataObject(payload);
    return new StripeEventRecord(
        event.getId(),
        event.getType(),
        event.getCreated() == null ? null : Instant.ofEpochSecond(event.getCreated()),
        event.getApiVersion(),
        Boolean.TRUE.equals(event.getLivemode()),
        text(object, "id"),
        text(object, "object"),
        payload);
  }

  private static JsonObject dataObject(String payload) {
    JsonElement root = JsonParser.parseString(payload);
    if (root.isJsonObject()
        && root.getAsJsonObject().get("data") instanceof JsonObject data
        && data.get("object") instanceof JsonObject object) {
      return object;
    }
    return new JsonObject();
  }

  private static String text(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
