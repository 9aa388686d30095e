package io.settle.api.event;

import io.settle.persistence.event.EventEndpoint;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A registered endpoint. Its signing secret is never shown again after it was created.
 *
 * @param secret only in the answer to the POST that created it; null afterwards
 */
public record EventEndpointResponse(
    long id,
    String url,
    List<String> eventTypes,
    String description,
    Instant createdAt,
    @Schema(
            description =
                "The signing secret (evsec_…), shown once when the endpoint is created; store it"
                    + " now. Null in every other answer.",
            nullable = true)
        String secret) {

  static EventEndpointResponse of(EventEndpoint endpoint) {
    return of(endpoint, null);
  }

  static EventEndpointResponse of(EventEndpoint endpoint, String secret) {
    return new EventEndpointResponse(
        endpoint.id(),
        endpoint.url(),
        endpoint.types(),
        endpoint.description(),
        endpoint.createdAt().toInstant(ZoneOffset.UTC),
        secret);
  }

  /** Never the secret, should this record be logged. */
  @Override
  public String toString() {
    return "EventEndpointResponse[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + "]";
  }
}
