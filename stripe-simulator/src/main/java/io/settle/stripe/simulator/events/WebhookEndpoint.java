package io.settle.stripe.simulator.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A webhook endpoint. Stripe shows the signing {@code secret} only in the answer to the create
 * call; {@code signingSecret} (not sent) keeps it for signing deliveries.
 */
@JsonPropertyOrder({"id", "object"})
public record WebhookEndpoint(
    String id,
    String apiVersion,
    long created,
    String description,
    List<String> enabledEvents,
    boolean livemode,
    Map<String, String> metadata,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
    String status,
    String url,
    @JsonIgnore String signingSecret) {

  public static final String ENABLED = "enabled";
  public static final String DISABLED = "disabled";

  @JsonProperty("object")
  public String object() {
    return "webhook_endpoint";
  }

  @JsonProperty("application")
  public String application() {
    return null;
  }

  public boolean subscribesTo(String type) {
    return ENABLED.equals(status) && (enabledEvents.contains("*") || enabledEvents.contains(type));
  }

  WebhookEndpoint withSecretShown() {
    return with(url, enabledEvents, status, description, metadata, apiVersion, signingSecret);
  }

  WebhookEndpoint with(
      String url,
      List<String> enabledEvents,
      String status,
      String description,
      Map<String, String> metadata,
      String apiVersion,
      String secret) {
    return new WebhookEndpoint(
        id,
        apiVersion,
        created,
        description,
        enabledEvents,
        livemode,
        metadata,
        secret,
        status,
        url,
        signingSecret);
  }
}
