package io.settle.stripe.simulator.resources.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The account behind a secret key ({@code GET /v1/account}): a US standard account, all enabled.
 */
@JsonPropertyOrder({"id", "object"})
record AccountObject(
    String id,
    Map<String, String> capabilities,
    boolean chargesEnabled,
    String country,
    long created,
    String defaultCurrency,
    boolean detailsSubmitted,
    String email,
    Map<String, String> metadata,
    boolean payoutsEnabled,
    String type) {

  @JsonProperty("object")
  public String object() {
    return "account";
  }

  @JsonProperty("business_type")
  public String businessType() {
    return null;
  }
}
