package io.settle.stripe.gateway;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settle's one rule for currencies and amounts. Amounts are integer minor units exactly as Stripe
 * counts them, and pass through unchanged: 1000 is USD 10.00 but JPY 1000, because JPY, KRW and the
 * other zero-decimal currencies have no minor unit. Stripe's special cases are kept: ISK stays
 * two-decimal in the API but only whole krónur are accepted, and three-decimal currencies must end
 * in 0.
 */
public final class Currencies {

  /** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
  static final Set<String> ZERO_DECIMAL =
      Set.of(
          "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
          "xaf", "xof", "xpf");

  /** Three-decimal currencies: Stripe's partners need the last digit to be 0. */
  static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

  /** Two-decimal in the API, whole units only (Stripe's special case since 2023). */
  static final Set<String> WHOLE_UNITS_ONLY = Set.of("isk");

  /**
   * The ISO 4217 currencies Stripe charges in (its presentment currencies,
   * docs.stripe.com/currencies). A code outside this list is refused before anything is written:
   * Stripe would refuse every charge in it.
   */
  static final Set<String> CHARGED_BY_STRIPE =
      Set.of(
          "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd",
          "bdt", "bgn", "bhd", "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad",
          "cdf", "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "egp",
          "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd", "hnl",
          "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr", "kmf",
          "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd",
          "mmk", "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok",
          "npr", "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd",
          "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl",
          "thb", "tjs", "tnd", "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "uyu", "uzs", "vnd",
          "vuv", "wst", "xaf", "xcd", "xcg", "xof", "xpf", "yer", "zar", "zmw");

  private static final Pattern ISO_CODE = Pattern.compile("[a-z]{3}");

  private Currencies() {}

  /**
   * The code Stripe wants: three lower-case letters.
   *
   * @throws IllegalArgumentException for anything that is not an ISO 4217-shaped code
   */
  public static String stripeCode(String currency) {
    String code = currency == null ? "" : currency.trim().toLowerCase(Locale.ROOT);
    if (!ISO_CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("not a currency code: " + currency);
    }
    return code;
  }

  /**
   * Whether Stripe charges in {@code currency}, an ISO 4217 code in either case. Every request that
   * carries a currency is checked with this, so an invoice Stripe cannot charge is never written.
   */
  public static boolean chargedByStripe(String currency) {
    return currency != null
        && ISO_CODE.matcher(currency.toLowerCase(Locale.ROOT)).matches()
        && CHARGED_BY_STRIPE.contains(currency.toLowerCase(Locale.ROOT));
  }

  /** Digits after the decimal point in Stripe's amounts for {@code currency}. */
  public static int decimals(String currency) {
    String code = stripeCode(currency);
    if (ZERO_DECIMAL.contains(code)) {
      return 0;
    }
    return THREE_DECIMAL.contains(code) ? 3 : 2;
  }

  public static boolean isZeroDecimal(String currency) {
    return decimals(currency) == 0;
  }

  /**
   * Checks that Stripe can charge {@code amount} minor units of {@code currency} and returns it
   * unchanged.
   *
   * @throws IllegalArgumentException for a non-positive amount, fractional ISK, or a three-decimal
   *     amount not ending in 0
   */
  public static long chargeable(long amount, String currency) {
    String code = stripeCode(currency);
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive: " + amount + " " + code);
    }
    if (WHOLE_UNITS_ONLY.contains(code) && amount % 100 != 0) {
      throw new IllegalArgumentException(
          code.toUpperCase(Locale.ROOT) + " amounts must be whole units (divisible by 100)");
    }
    if (THREE_DECIMAL.contains(code) && amount % 10 != 0) {
      throw new IllegalArgumentException(
          code.toUpperCase(Locale.ROOT) + " amounts must end in 0 (Stripe rounds to tens)");
    }
    return amount;
  }

  /** For people and logs: {@code "120.00 USD"}, {@code "1200 JPY"}, {@code "1.230 KWD"}. */
  public static String format(long amount, String currency) {
    return BigDecimal.valueOf(amount, decimals(currency)).toPlainString()
        + " "
        + stripeCode(currency).toUpperCase(Locale.ROOT);
  }
}
