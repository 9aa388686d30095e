package io.settle.api.event;

import java.util.List;

/**
 * An endpoint's deliveries, newest first; {@code nextCursor} fetches older ones (null at the end).
 */
public record EventDeliveryPage(List<EventDeliveryResponse> data, String nextCursor) {}
