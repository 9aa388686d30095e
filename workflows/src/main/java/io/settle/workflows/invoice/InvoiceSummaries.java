package io.settle.workflows.invoice;

import java.math.BigDecimal;
import java.util.Currency;

/** The one-line summary an operator sees on every run in the Temporal UI. */
public final class InvoiceSummaries {

  private InvoiceSummaries() {}

  /** For example {@code INV-0042 · 120.00 USD · Acme Ltd}. */
  public static String of(String number, long total, String currency, String customerName) {
    return number + " · " + majorUnits(total, currency) + " " + currency + " · " + customerName;
  }

  /** Minor units as a decimal in the currency's own exponent (JPY has none, USD has two). */
  static String majorUnits(long minorUnits, String currency) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException unknown) {
      digits = 2;
    }
    return BigDecimal.valueOf(minorUnits, digits).toPlainString();
  }
}
