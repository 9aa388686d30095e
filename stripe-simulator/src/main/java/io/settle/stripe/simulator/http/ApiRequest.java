package io.settle.stripe.simulator.http;

import io.settle.stripe.simulator.state.Account;
import java.time.Instant;
import java.util.Map;

/** An authenticated API call as a route sees it. */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Params params,
    Account account,
    Instant now,
    String requestId,
    String idempotencyKey) {

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("Route has no path parameter " + name);
    }
    return value;
  }

  /** Unix seconds, Stripe's {@code created}. */
  public long epochSecond() {
    return now.getEpochSecond();
  }
}
