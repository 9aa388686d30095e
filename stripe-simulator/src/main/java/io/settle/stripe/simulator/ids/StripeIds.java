package io.settle.stripe.simulator.ids;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like Stripe's: a type prefix and random alphanumerics. Lengths follow what
 * Stripe issues today, so code that stores or validates ids sees realistic values.
 */
public final class StripeIds {

  private static final String ALPHANUMERIC =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private StripeIds() {}

  public static String request() {
    return "req_" + random(14);
  }

  public static String account() {
    return "acct_1" + random(15);
  }

  public static String customer() {
    return "cus_" + random(14);
  }

  public static String paymentMethod() {
    return "pm_1" + random(23);
  }

  public static String paymentIntent() {
    return "pi_3" + random(23);
  }

  public static String charge() {
    return "ch_3" + random(23);
  }

  public static String balanceTransaction() {
    return "txn_3" + random(23);
  }

  public static String event() {
    return "evt_3" + random(23);
  }

  public static String webhookEndpoint() {
    return "we_1" + random(23);
  }

  public static String webhookSecret() {
    return "whsec_" + random(32);
  }

  public static String setupIntent() {
    return "seti_1" + random(23);
  }

  public static String setupAttempt() {
    return "setatt_1" + random(23);
  }

  public static String checkoutSession() {
    return "cs_test_a1" + random(56);
  }

  public static String billingPortalSession() {
    return "bps_1" + random(23);
  }

  public static String mandate() {
    return "mandate_1" + random(23);
  }

  public static String cashBalanceTransaction() {
    return "ccsbtxn_1" + random(23);
  }

  public static String clientSecret(String ownerId) {
    return ownerId + "_secret_" + random(25);
  }

  /** Random alphanumerics, e.g. for a customer's invoice prefix or a card fingerprint. */
  public static String random(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }
}
