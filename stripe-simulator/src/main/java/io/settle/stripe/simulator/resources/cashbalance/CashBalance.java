package io.settle.stripe.simulator.resources.cashbalance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer's cash balance as Stripe returns it ({@code GET /v1/customers/{id}/cash_balance}): the
 * money a customer sent by bank transfer that is not yet applied to a payment, per currency, in
 * minor units. {@code available} is null until the customer is first funded, as on Stripe; after
 * that a currency stays listed at 0 once spent. Reconciliation is always Stripe's default, {@code
 * automatic}.
 */
@JsonPropertyOrder({"object"})
public record CashBalance(Map<String, Long> available, String customer, boolean livemode) {

  @JsonProperty("object")
  public String object() {
    return "cash_balance";
  }

  @JsonProperty("customer_account")
  public String customerAccount() {
    return null;
  }

  @JsonProperty("settings")
  public Settings settings() {
    return Settings.AUTOMATIC;
  }

  static CashBalance none(String customer, boolean livemode) {
    return new CashBalance(null, customer, livemode);
  }

  /** What is available in {@code currency}, 0 when nothing ever was. */
  @JsonIgnore
  public long in(String currency) {
    return available == null ? 0 : available.getOrDefault(currency, 0L);
  }

  CashBalance plus(String currency, long amount) {
    Map<String, Long> next = available == null ? new TreeMap<>() : new TreeMap<>(available);
    next.merge(currency, amount, Long::sum);
    return new CashBalance(Collections.unmodifiableMap(next), customer, livemode);
  }

  /** {@code settings}: funds apply to waiting payments by themselves, the merchant's default. */
  public record Settings(String reconciliationMode, boolean usingMerchantDefault) {
    static final Settings AUTOMATIC = new Settings("automatic", true);
  }
}
