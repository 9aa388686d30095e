package io.settle.api.event;

import io.settle.api.paging.Cursors;
import io.settle.api.paging.ListParameters;
import io.settle.api.problem.ApiProblem;
import io.settle.notifications.events.EndpointAddresses;
import io.settle.notifications.events.EndpointAddresses.RefusedEndpoint;
import io.settle.notifications.events.EventSignature;
import io.settle.notifications.events.HostEventProperties;
import io.settle.persistence.event.DeliveryLogEntry;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpointRepository;
import io.settle.persistence.event.HostEventType;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Registers the host app's endpoints and reads and resends their deliveries. */
@Service
class EventEndpoints {

  static final int DEFAULT_PAGE_SIZE = 50;
  private static final String CURSOR = "dlv";

  private final EventEndpointRepository endpoints;
  private final EventDeliveryRepository deliveries;
  private final EndpointAddresses addresses;

  EventEndpoints(
      EventEndpointRepository endpoints,
      EventDeliveryRepository deliveries,
      HostEventProperties properties) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.addresses = new EndpointAddresses(properties.allowPrivateEndpoints());
  }

  /** Stores the endpoint with a new secret, answered this once. */
  EventEndpointResponse create(long merchantId, EventEndpointRequest request) {
    for (String type : request.eventTypes()) {
      if (HostEventType.ofWireName(type).isEmpty()) {
        throw ApiProblem.invalid("eventTypes", "has an unknown event type '" + type + "'");
      }
    }
    try {
      addresses.check(request.url());
    } catch (RefusedEndpoint refused) {
      throw ApiProblem.invalid("url", refused.getMessage());
    }
    String secret = EventSignature.newSecret();
    var endpoint =
        endpoints.create(
            merchantId,
            request.url(),
            request.eventTypes().stream().distinct().toList(),
            secret,
            request.description());
    return EventEndpointResponse.of(endpoint, secret);
  }

  List<EventEndpointResponse> list(long merchantId) {
    return endpoints.list(merchantId).stream().map(EventEndpointResponse::of).toList();
  }

  EventEndpointResponse get(long merchantId, long id) {
    return endpoints
        .find(merchantId, id)
        .map(EventEndpointResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("event endpoint", id));
  }

  void delete(long merchantId, long id) {
    if (!endpoints.delete(merchantId, id)) {
      throw ApiProblem.notFound("event endpoint", id);
    }
  }

  EventDeliveryPage deliveries(long merchantId, long endpointId, int limit, String cursor) {
    get(merchantId, endpointId);
    ListParameters parameters = new ListParameters(CURSOR);
    parameters.limit(limit);
    Long beforeId = parameters.beforeId(cursor);
    parameters.check();
    List<DeliveryLogEntry> rows = deliveries.log(merchantId, endpointId, beforeId, limit + 1);
    List<EventDeliveryResponse> page =
        rows.stream().limit(limit).map(EventDeliveryResponse::of).toList();
    String next = rows.size() > limit ? Cursors.after(CURSOR, rows.get(limit - 1).id()) : null;
    return new EventDeliveryPage(page, next);
  }

  /** Makes the delivery due now; one already waiting to be sent keeps its place. */
  EventDeliveryResponse redeliver(long merchantId, long endpointId, long deliveryId) {
    get(merchantId, endpointId);
    deliveries.redeliver(merchantId, endpointId, deliveryId, Instant.now());
    return deliveries
        .find(merchantId, endpointId, deliveryId)
        .map(EventDeliveryResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("delivery", deliveryId));
  }
}
