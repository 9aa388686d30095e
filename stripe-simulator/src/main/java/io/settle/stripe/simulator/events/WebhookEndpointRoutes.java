package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.DeletedObject;
import io.settle.stripe.simulator.resources.Metadata;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.state.Account;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code /v1/webhook_endpoints}: create, retrieve, update, list, delete. */
public final class WebhookEndpointRoutes {

  private static final String NOUN = "webhook_endpoint";
  private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z_]+(\\.[a-z_*]+)+");

  private WebhookEndpointRoutes() {}

  public static void register(Router router) {
    router
        .post("/v1/webhook_endpoints", WebhookEndpointRoutes::create)
        .get("/v1/webhook_endpoints", WebhookEndpointRoutes::list)
        .get("/v1/webhook_endpoints/{id}", WebhookEndpointRoutes::retrieve)
        .post("/v1/webhook_endpoints/{id}", WebhookEndpointRoutes::update)
        .delete("/v1/webhook_endpoints/{id}", WebhookEndpointRoutes::delete);
  }

  private static WebhookEndpoint create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    String url = url(params.requiredString("url"));
    List<String> enabledEvents = enabledEvents(params);
    if (enabledEvents.isEmpty()) {
      throw ApiError.parameterMissing("enabled_events");
    }
    String secret = StripeIds.webhookSecret();
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            StripeIds.webhookEndpoint(),
            params.string("api_version").orElse(null),
            request.epochSecond(),
            params.string("description").orElse(null),
            enabledEvents,
            account.livemode(),
            Metadata.forCreate(params),
            null,
            WebhookEndpoint.ENABLED,
            url,
            secret);
    account.store(WebhookEndpoint.class).insert(endpoint.id(), endpoint);
    return endpoint.withSecretShown();
  }

  private static WebhookEndpoint retrieve(ApiRequest request) {
    return find(request);
  }

  private static WebhookEndpoint update(ApiRequest request) {
    Params params = request.params();
    WebhookEndpoint current = find(request);
    List<String> enabledEvents =
        params.has("enabled_events") ? enabledEvents(params) : current.enabledEvents();
    if (enabledEvents.isEmpty()) {
      throw ApiError.invalidRequest(
          "Invalid enabled_events: must contain at least one event type", "enabled_events");
    }
    String status =
        params
            .bool("disabled")
            .map(disabled -> disabled ? WebhookEndpoint.DISABLED : WebhookEndpoint.ENABLED)
            .orElse(current.status());
    WebhookEndpoint updated =
        current.with(
            params.string("url").map(WebhookEndpointRoutes::url).orElse(current.url()),
            enabledEvents,
            status,
            params.has("description")
                ? params.string("description").orElse(null)
                : current.description(),
            Metadata.merge(current.metadata(), params),
            current.apiVersion(),
            null);
    return request.account().store(WebhookEndpoint.class).replace(updated.id(), updated);
  }

  private static StripeList<WebhookEndpoint> list(ApiRequest request) {
    var endpoints = request.account().store(WebhookEndpoint.class).newestFirst().toList();
    return StripeList.page(
        endpoints, WebhookEndpoint::id, request.params(), "/v1/webhook_endpoints", NOUN);
  }

  private static DeletedObject delete(ApiRequest request) {
    WebhookEndpoint endpoint = find(request);
    request.account().store(WebhookEndpoint.class).remove(endpoint.id());
    return new DeletedObject(endpoint.id(), endpoint.object());
  }

  private static WebhookEndpoint find(ApiRequest request) {
    String id = request.pathParam("id");
    return request
        .account()
        .store(WebhookEndpoint.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, id, "id"));
  }

  private static List<String> enabledEvents(Params params) {
    List<String> events = params.strings("enabled_events");
    for (int i = 0; i < events.size(); i++) {
      if (!EVENT_TYPE.matcher(events.get(i)).matches()) {
        throw ApiError.invalidRequest(
            "Invalid enabled_events[" + i + "]: " + events.get(i) + " is not a valid event type",
            "enabled_events[" + i + "]");
      }
    }
    return events;
  }

  private static String url(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException invalid) {
      // reported below
    }
    throw ApiError.invalidRequest("Invalid URL: " + url, "url", "url_invalid");
  }
}
