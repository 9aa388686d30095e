package io.settle.stripe.simulator.resources.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/balance}: funds per currency, available and pending. */
record Balance(List<Funds> available, boolean livemode, List<Funds> pending) {

  @JsonProperty("object")
  public String object() {
    return "balance";
  }

  record Funds(long amount, String currency, Map<String, Long> sourceTypes) {}
}
