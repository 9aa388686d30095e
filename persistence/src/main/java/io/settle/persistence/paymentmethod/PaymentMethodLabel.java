package io.settle.persistence.paymentmethod;

import java.util.Locale;
import java.util.Map;

/**
 * The one way Settle names a payment method for people: what an invoice or an email prints, such as
 * {@code Visa •••• 4242} or {@code US bank account •••• 6789}.
 */
public final class PaymentMethodLabel {

  /** What a customer without an automatic payment method is told, exactly. */
  public static final String NONE = "No automatic payment setup";

  /** A method Settle has not mirrored (set by id, never listed): its kind is unknown here. */
  static final String UNKNOWN = "Saved payment method";

  private static final String DOTS = " •••• ";

  /** Stripe's card brand codes, as card networks write their names. */
  private static final Map<String, String> BRANDS =
      Map.of(
          "amex", "American Express",
          "diners", "Diners Club",
          "discover", "Discover",
          "eftpos_au", "eftpos Australia",
          "jcb", "JCB",
          "mastercard", "Mastercard",
          "unionpay", "UnionPay",
          "visa", "Visa");

  private PaymentMethodLabel() {}

  /**
   * @param type Stripe's type ({@code card}, {@code us_bank_account}), or null when not mirrored
   * @param brand the card's brand code, or the bank's name
   */
  public static String of(String type, String brand, String last4) {
    if (type == null) {
      return UNKNOWN;
    }
    String name =
        switch (type) {
          case "card" ->
              brand == null
                  ? "Card"
                  : BRANDS.getOrDefault(
                      brand.toLowerCase(Locale.ROOT), capitalized(brand.replace('_', ' ')));
          case "us_bank_account" -> "US bank account";
          default -> capitalized(type.replace('_', ' '));
        };
    return last4 == null || last4.isBlank() ? name : name + DOTS + last4;
  }

  private static String capitalized(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
