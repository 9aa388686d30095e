package io.settle.stripe.simulator.resources.customers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A card, US bank account or customer balance PaymentMethod as Stripe returns it; only the hash of
 * its own {@code type} is sent. {@code testCard} or {@code testBankAccount} (not sent) is the
 * behaviour it was created from; {@code consumed} marks one that was detached or used once without
 * a customer, which Stripe refuses to use again; {@code setUp} marks one authenticated for later
 * off-session use by a SetupIntent.
 */
@JsonPropertyOrder({"id", "object"})
public record PaymentMethod(
    String id,
    BillingDetails billingDetails,
    @JsonInclude(JsonInclude.Include.NON_NULL) Card card,
    long created,
    String customer,
    boolean livemode,
    Map<String, String> metadata,
    String type,
    @JsonInclude(JsonInclude.Include.NON_NULL) UsBankAccount usBankAccount,
    @JsonIgnore TestCard testCard,
    @JsonIgnore TestBankAccount testBankAccount,
    @JsonIgnore boolean consumed,
    @JsonIgnore boolean setUp) {

  public static final String CARD = "card";
  public static final String US_BANK_ACCOUNT = "us_bank_account";

  /** Pays from the customer's cash balance, which bank transfers fill. */
  public static final String CUSTOMER_BALANCE = "customer_balance";

  @JsonProperty("object")
  public String object() {
    return "payment_method";
  }

  @JsonProperty("allow_redisplay")
  public String allowRedisplay() {
    return "unspecified";
  }

  /** {@code customer_balance}: Stripe sends an empty hash for the type; others do not have it. */
  @JsonProperty("customer_balance")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Map<String, Object> customerBalance() {
    return isCustomerBalance() ? Map.of() : null;
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
        id,
        BillingDetails.EMPTY,
        card,
        created,
        null,
        livemode,
        Map.of(),
        CARD,
        null,
        testCard,
        null,
        false,
        false);
  }

  static PaymentMethod fromTestBankAccount(
      String id, TestBankAccount bank, long created, boolean livemode) {
    UsBankAccount account =
        new UsBankAccount(
            "individual",
            "checking",
            "STRIPE TEST BANK",
            null,
            bank.fingerprint(),
            bank.last4(),
            new UsBankAccount.Networks("ach", List.of("ach")),
            "110000000");
    return new PaymentMethod(
        id,
        new BillingDetails(
            new BillingDetails.Address(null, null, null, null, null, null),
            null,
            "Jenny Rosen",
            null),
        null,
        created,
        null,
        livemode,
        Map.of(),
        US_BANK_ACCOUNT,
        account,
        null,
        bank,
        false,
        false);
  }

  /** A customer balance method, made from {@code payment_method_data} for one PaymentIntent. */
  static PaymentMethod customerBalance(String id, long created, boolean livemode) {
    return new PaymentMethod(
        id,
        BillingDetails.EMPTY,
        null,
        created,
        null,
        livemode,
        Map.of(),
        CUSTOMER_BALANCE,
        null,
        null,
        null,
        false,
        false);
  }

  @JsonIgnore
  public boolean isCustomerBalance() {
    return CUSTOMER_BALANCE.equals(type);
  }

  @JsonIgnore
  public boolean isCard() {
    return CARD.equals(type);
  }

  @JsonIgnore
  public boolean isAttached() {
    return customer != null;
  }

  PaymentMethod attachedTo(String customerId) {
    return with(customerId, consumed, setUp);
  }

  /** Detached, and so never usable again. */
  PaymentMethod detached() {
    return with(null, true, setUp);
  }

  public PaymentMethod asConsumed() {
    return with(customer, true, setUp);
  }

  /** Authenticated by a SetupIntent, so later off-session payments need no authentication. */
  public PaymentMethod asSetUp() {
    return with(customer, consumed, true);
  }

  private PaymentMethod with(String customer, boolean consumed, boolean setUp) {
    return new PaymentMethod(
        id,
        billingDetails,
        card,
        created,
        customer,
        livemode,
        metadata,
        type,
        usBankAccount,
        testCard,
        testBankAccount,
        consumed,
        setUp);
  }

  /** {@code us_bank_account} on a PaymentMethod. */
  public record UsBankAccount(
      String accountHolderType,
      String accountType,
      String bankName,
      String financialConnectionsAccount,
      String fingerprint,
      String last4,
      Networks networks,
      String routingNumber) {

    @JsonProperty("status_details")
    public Map<String, Object> statusDetails() {
      return Map.of();
    }

    public record Networks(String preferred, List<String> supported) {}
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
