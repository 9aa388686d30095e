package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.resources.CreatedFilter;
import io.settle.stripe.simulator.resources.StripeList;
import java.util.List;
import java.util.function.Predicate;

/** {@code /v1/events}: retrieve and list, going back {@link Events#RETENTION} as on Stripe. */
public final class EventRoutes {

  private static final String NOUN = "event";

  private EventRoutes() {}

  public static void register(Router router) {
    router.get("/v1/events", EventRoutes::list).get("/v1/events/{id}", EventRoutes::retrieve);
  }

  private static Event retrieve(ApiRequest request) {
    String id = request.pathParam("id");
    return request
        .account()
        .store(Event.class)
        .find(id)
        .filter(retained(request))
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, id, "id"));
  }

  private static StripeList<Event> list(ApiRequest request) {
    Params params = request.params();
    Predicate<Event> filter =
        retained(request).and(type(params)).and(CreatedFilter.of(params, Event::created));
    var deliverySuccess = params.bool("delivery_success");
    if (deliverySuccess.isPresent()) {
      boolean wanted = deliverySuccess.get();
      filter = filter.and(event -> (event.pendingWebhooks() == 0) == wanted);
    }
    var events = request.account().store(Event.class).newestFirst().filter(filter).toList();
    return StripeList.page(events, Event::id, params, "/v1/events", NOUN);
  }

  private static Predicate<Event> retained(ApiRequest request) {
    long oldest = request.now().minus(Events.RETENTION).getEpochSecond();
    return event -> event.created() >= oldest;
  }

  /** {@code type} (with {@code *} wildcards, e.g. {@code payment_intent.*}) or {@code types[]}. */
  private static Predicate<Event> type(Params params) {
    var type = params.string("type");
    List<String> types = params.strings("types");
    if (type.isPresent() && !types.isEmpty()) {
      throw ApiError.invalidRequest(
          "You may only specify one of these parameters: type, types.", "type");
    }
    if (type.isPresent()) {
      String pattern = type.get();
      return event -> matches(pattern, event.type());
    }
    if (!types.isEmpty()) {
      return event -> types.contains(event.type());
    }
    return event -> true;
  }

  private static boolean matches(String pattern, String type) {
    return type.matches(pattern.replace(".", "\\.").replace("*", "[a-z_.]*"));
  }
}
