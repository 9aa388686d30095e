package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.http.ApiError;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * Currency codes and Stripe's per-currency charge limits, in minor units. Minimums are Stripe's
 * published ones; other currencies accept any positive amount here.
 */
public final class Currencies {

  private static final long MAXIMUM_AMOUNT = 99_999_999L;

  private static final Map<String, Long> MINIMUM_AMOUNT =
      Map.ofEntries(
          Map.entry("usd", 50L),
          Map.entry("aed", 200L),
          Map.entry("aud", 50L),
          Map.entry("bgn", 100L),
          Map.entry("brl", 50L),
          Map.entry("cad", 50L),
          Map.entry("chf", 50L),
          Map.entry("czk", 1500L),
          Map.entry("dkk", 250L),
          Map.entry("eur", 50L),
          Map.entry("gbp", 30L),
          Map.entry("hkd", 400L),
          Map.entry("huf", 17500L),
          Map.entry("inr", 50L),
          Map.entry("jpy", 50L),
          Map.entry("mxn", 1000L),
          Map.entry("myr", 200L),
          Map.entry("nok", 300L),
          Map.entry("nzd", 50L),
          Map.entry("pln", 200L),
          Map.entry("ron", 200L),
          Map.entry("sek", 300L),
          Map.entry("sgd", 50L),
          Map.entry("thb", 1000L));

  private Currencies() {}

  /** The lower-case ISO code Stripe stores, or a 400 on {@code currency}. */
  public static String normalise(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    try {
      if (lower.length() == 3) {
        Currency.getInstance(lower.toUpperCase(Locale.ROOT));
        return lower;
      }
    } catch (IllegalArgumentException notIso) {
      // reported below
    }
    throw ApiError.invalidRequest("Invalid currency: " + lower + ".", "currency");
  }

  /** Stripe's refusal of ACH Direct Debit outside US dollars. */
  static ApiError unsupportedForBankAccounts(String currency) {
    return ApiError.invalidRequest(
        "The currency provided ("
            + currency
            + ") is invalid. Payments with us_bank_account support the following currencies:"
            + " usd.",
        "currency");
  }

  /** The smallest amount Stripe charges in {@code currency}, in minor units. */
  public static long minimum(String currency) {
    return MINIMUM_AMOUNT.getOrDefault(currency, 1L);
  }

  static void checkAmount(long amount, String currency) {
    if (amount < 1) {
      throw ApiError.invalidRequest(
          "This value must be greater than or equal to 1.", "amount", "parameter_invalid_integer");
    }
    long minimum = minimum(currency);
    if (amount < minimum) {
      throw ApiError.invalidRequest(
          "Amount must be at least " + format(minimum, currency) + " " + currency,
          "amount",
          "amount_too_small");
    }
    if (amount > MAXIMUM_AMOUNT) {
      throw ApiError.invalidRequest(
          "Amount must be no more than " + format(MAXIMUM_AMOUNT, currency) + " " + currency,
          "amount",
          "amount_too_large");
    }
  }

  /** {@code 50, "usd"} → {@code $0.50}, as Stripe writes amounts in messages. */
  public static String format(long minorUnits, String currency) {
    Currency iso = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
    int digits = Math.max(0, iso.getDefaultFractionDigits());
    String major = BigDecimal.valueOf(minorUnits, digits).toPlainString();
    return iso.getSymbol(Locale.US) + major;
  }
}
