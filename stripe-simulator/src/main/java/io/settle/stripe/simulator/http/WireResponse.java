package io.settle.stripe.simulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered response: status, JSON bytes and the headers that belong to this response (rather than
 * to the HTTP exchange, like {@code Request-Id}). This is what idempotency stores and replays.
 */
record WireResponse(int status, byte[] body, Map<String, String> headers) {

  WireResponse {
    headers = Map.copyOf(headers);
  }

  WireResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new WireResponse(status, body, copy);
  }
}
