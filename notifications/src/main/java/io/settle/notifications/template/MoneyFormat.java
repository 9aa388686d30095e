package io.settle.notifications.template;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Money as a person reads it: integer minor units shifted by the currency's own number of decimals
 * ({@link Currency#getDefaultFractionDigits}), with its symbol and grouping. USD 123456 is
 * "$1,234.56", JPY 1234 is "¥1,234". The one place messages format money.
 */
public final class MoneyFormat {

  // Messages are written in US English; a merchant-chosen locale would be a setting of its own.
  private static final Locale LOCALE = Locale.US;

  private MoneyFormat() {}

  /** The amount in minor units of the ISO 4217 currency, formatted; unknown codes show the code. */
  public static String format(long minorUnits, String currencyCode) {
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return currencyCode + " " + minorUnits;
    }
    int digits = Math.max(currency.getDefaultFractionDigits(), 0);
    NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
    format.setCurrency(currency);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minorUnits, digits));
  }
}
