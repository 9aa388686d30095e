package io.settle.stripe.gateway.paymentmethods;

import io.settle.stripe.gateway.Currencies;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The payment method types a merchant may allow, by Stripe's names. */
public enum PaymentMethodType {
  CARD("card"),
  /** ACH direct debit: US bank accounts, USD only, verified by micro-deposits. */
  US_BANK_ACCOUNT("us_bank_account");

  /**
   * The "payment method" of an off-session charge ({@code OffSessionCharge.paymentMethodId()}) that
   * is paid from the customer's Stripe cash balance, which US bank transfers (ACH credit, wire)
   * fill. Not a type a merchant allows or a customer saves, so not one of the constants above:
   * Stripe's own name for the type, which no saved method's id ({@code pm_…}) can equal.
   */
  public static final String CUSTOMER_BALANCE = "customer_balance";

  private final String stripeName;

  PaymentMethodType(String stripeName) {
    this.stripeName = stripeName;
  }

  public String stripeName() {
    return stripeName;
  }

  public static Optional<PaymentMethodType> fromStripe(String stripeName) {
    for (PaymentMethodType type : values()) {
      if (type.stripeName.equals(stripeName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * What can be offered to pay in {@code currency} among the merchant's {@code allowed} types: ACH
   * only for USD.
   *
   * @throws IllegalArgumentException when nothing is left to offer
   */
  public static Set<PaymentMethodType> offeredFor(Set<PaymentMethodType> allowed, String currency) {
    EnumSet<PaymentMethodType> offered =
        allowed.isEmpty() ? EnumSet.noneOf(PaymentMethodType.class) : EnumSet.copyOf(allowed);
    if (!"usd".equals(Currencies.stripeCode(currency))) {
      offered.remove(US_BANK_ACCOUNT);
    }
    if (offered.isEmpty()) {
      throw new IllegalArgumentException(
          "no allowed payment method type can pay in " + currency + ": " + allowed);
    }
    return offered;
  }
}
