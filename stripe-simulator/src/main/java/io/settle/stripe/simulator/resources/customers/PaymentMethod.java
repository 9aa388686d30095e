package io.settle.stripe.simulator.resources.customers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A card PaymentMethod as Stripe returns it. {@code testCard} (not sent) is the behaviour it was
 * created from; {@code consumed} marks one that was detached or used once without a customer, which
 * Stripe refuses to use again.
 */
@JsonPropertyOrder({"id", "object"})
public record PaymentMethod(
    String id,
    BillingDetails billingDetails,
    Card card,
    long created,
    String customer,
    boolean livemode,
    Map<String, String> metadata,
    String type,
    @JsonIgnore TestCard testCard,
    @JsonIgnore boolean consumed) {

  @JsonProperty("object")
  public String object() {
    return "payment_method";
  }

  @JsonProperty("allow_redisplay")
  public String allowRedisplay() {
    return "unspecified";
  }

  static PaymentMethod fromTestCard(
      String id, TestCard testCard, long created, boolean livemode, int expYear) {
    Card card =
        new Card(
            testCard.brand(),
            new Card.Checks(null, null, "pass"),
            "US",
            testCard.brand(),
            12,
            expYear,
            testCard.fingerprint(),
            testCard.funding(),
            testCard.last4(),
            new Card.Networks(List.of(testCard.brand()), null),
            new Card.ThreeDSecureUsage(true));
    return new PaymentMethod(
        id, BillingDetails.EMPTY, card, created, null, livemode, Map.of(), "card", testCard, false);
  }

  @JsonIgnore
  public boolean isAttached() {
    return customer != null;
  }

  PaymentMethod attachedTo(String customerId) {
    return new PaymentMethod(
        id,
        billingDetails,
        card,
        created,
        customerId,
        livemode,
        metadata,
        type,
        testCard,
        consumed);
  }

  /** Detached, and so never usable again. */
  PaymentMethod detached() {
    return new PaymentMethod(
        id, billingDetails, card, created, null, livemode, metadata, type, testCard, true);
  }

  public PaymentMethod asConsumed() {
    return new PaymentMethod(
        id, billingDetails, card, created, customer, livemode, metadata, type, testCard, true);
  }

  /** {@code card} on a PaymentMethod. */
  public record Card(
      String brand,
      Checks checks,
      String country,
      String displayBrand,
      long expMonth,
      long expYear,
      String fingerprint,
      String funding,
      String last4,
      Networks networks,
      // The naming strategy would make this "three_dsecure_usage".
      @JsonProperty("three_d_secure_usage") ThreeDSecureUsage threeDSecureUsage) {

    @JsonProperty("generated_from")
    public Object generatedFrom() {
      return null;
    }

    @JsonProperty("wallet")
    public Object wallet() {
      return null;
    }

    public record Checks(
        String addressLine1Check, String addressPostalCodeCheck, String cvcCheck) {}

    public record Networks(List<String> available, String preferred) {}

    public record ThreeDSecureUsage(boolean supported) {}
  }

  /** {@code billing_details}; the simulator's test cards carry none. */
  public record BillingDetails(Address address, String email, String name, String phone) {

    static final BillingDetails EMPTY =
        new BillingDetails(new Address(null, null, null, null, null, null), null, null, null);

    public record Address(
        String city, String country, String line1, String line2, String postalCode, String state) {}
  }
}
