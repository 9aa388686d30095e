package io.settle.stripe.simulator.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * An Event as Stripe returns and delivers it. {@code data.object} is the object as it was when the
 * event happened: objects are immutable records, so holding the reference is the snapshot. {@code
 * deliveries} (not sent) tracks each endpoint's delivery, which {@code pending_webhooks} reports.
 */
@JsonPropertyOrder({"id", "object"})
public record Event(
    String id,
    String apiVersion,
    long created,
    Data data,
    boolean livemode,
    Request request,
    String type,
    @JsonIgnore Deliveries deliveries) {

  @JsonProperty("object")
  public String object() {
    return "event";
  }

  @JsonProperty("account")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String account() {
    return null;
  }

  @JsonProperty("pending_webhooks")
  public int pendingWebhooks() {
    return deliveries.pending();
  }

  /** {@code data}: the object, and for updates the fields it had before. */
  public record Data(
      Object object,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> previousAttributes) {}

  /** {@code request}: the API request that caused the event; both null for Stripe's own. */
  public record Request(String id, String idempotencyKey) {}
}
