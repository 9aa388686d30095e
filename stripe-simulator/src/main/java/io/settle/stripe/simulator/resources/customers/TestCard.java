package io.settle.stripe.simulator.resources.customers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Stripe's test-mode magic payment method ids, the card each stands for, and how a charge on it
 * ends. Using one where a payment method is expected creates a new concrete {@code pm_…} that
 * remembers its card, exactly as Stripe does. Unlike Stripe they work under live keys too, so a
 * live-mode configuration can be exercised offline.
 */
public enum TestCard {
  VISA(List.of("pm_card_visa"), "visa", "4242", "credit", null),
  VISA_DEBIT(List.of("pm_card_visa_debit"), "visa", "5556", "debit", null),
  MASTERCARD(List.of("pm_card_mastercard"), "mastercard", "4444", "credit", null),
  AMEX(List.of("pm_card_amex"), "amex", "8431", "credit", null),
  DISCOVER(List.of("pm_card_discover"), "discover", "1117", "credit", null),
  DECLINED(
      List.of("pm_card_visa_chargeDeclined", "pm_card_chargeDeclined"),
      "visa",
      "0002",
      "credit",
      Decline.GENERIC),
  INSUFFICIENT_FUNDS(
      List.of("pm_card_visa_chargeDeclinedInsufficientFunds"),
      "visa",
      "9995",
      "credit",
      Decline.INSUFFICIENT_FUNDS),
  LOST_CARD(
      List.of("pm_card_visa_chargeDeclinedLostCard"), "visa", "9987", "credit", Decline.LOST_CARD),
  STOLEN_CARD(
      List.of("pm_card_visa_chargeDeclinedStolenCard"),
      "visa",
      "9979",
      "credit",
      Decline.STOLEN_CARD),
  EXPIRED_CARD(
      List.of("pm_card_chargeDeclinedExpiredCard"), "visa", "0069", "credit", Decline.EXPIRED_CARD),
  INCORRECT_CVC(
      List.of("pm_card_chargeDeclinedIncorrectCvc"),
      "visa",
      "0127",
      "credit",
      Decline.INCORRECT_CVC),
  PROCESSING_ERROR(
      List.of("pm_card_chargeDeclinedProcessingError"),
      "visa",
      "0119",
      "credit",
      Decline.PROCESSING_ERROR),
  /** Attaches to a customer fine; every charge is then declined. */
  CHARGE_CUSTOMER_FAIL(
      List.of("pm_card_chargeCustomerFail"), "visa", "0341", "credit", Decline.GENERIC),
  AUTHENTICATION_REQUIRED(
      List.of("pm_card_authenticationRequired"),
      "visa",
      "3184",
      "credit",
      null,
      Authentication.ALWAYS),
  AUTHENTICATION_REQUIRED_ON_SETUP(
      List.of("pm_card_authenticationRequiredOnSetup"),
      "visa",
      "3155",
      "credit",
      null,
      Authentication.UNLESS_SET_UP),
  THREE_D_SECURE_2_REQUIRED(
      List.of("pm_card_threeDSecure2Required"),
      "visa",
      "3220",
      "credit",
      null,
      Authentication.THREE_D_SECURE_2);

  /** When the issuer asks for 3-D Secure. */
  public enum Authentication {
    NEVER,
    /** On every payment; off-session ones are declined with {@code authentication_required}. */
    ALWAYS,
    /** Until a SetupIntent has authenticated the card; then off-session payments go through. */
    UNLESS_SET_UP,
    /** On every confirmation, on- or off-session, always by asking for action. */
    THREE_D_SECURE_2
  }

  private final List<String> magicIds;
  private final String brand;
  private final String last4;
  private final String funding;
  private final Decline decline;
  private final Authentication authentication;

  TestCard(List<String> magicIds, String brand, String last4, String funding, Decline decline) {
    this(magicIds, brand, last4, funding, decline, Authentication.NEVER);
  }

  TestCard(
      List<String> magicIds,
      String brand,
      String last4,
      String funding,
      Decline decline,
      Authentication authentication) {
    this.magicIds = magicIds;
    this.brand = brand;
    this.last4 = last4;
    this.funding = funding;
    this.decline = decline;
    this.authentication = authentication;
  }

  public Authentication authentication() {
    return authentication;
  }

  public static Optional<TestCard> byMagicId(String id) {
    return Arrays.stream(values()).filter(card -> card.magicIds.contains(id)).findFirst();
  }

  public String brand() {
    return brand;
  }

  public String last4() {
    return last4;
  }

  public String funding() {
    return funding;
  }

  /** How a charge on this card fails; empty when it succeeds. */
  public Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }

  /** The same card always has the same fingerprint, as on Stripe. */
  String fingerprint() {
    String seed = Integer.toHexString((brand + last4).hashCode());
    return (seed + "Sim0Fingerprint").substring(0, 16);
  }
}
