package io.settle.workflows.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The merchant's fee on a payment through Stripe, added once per invoice as its own line. */
public final class ProcessingFee {

  private ProcessingFee() {}

  /**
   * The fee on {@code amount} at {@code basisPoints} hundredths of a percent, in minor units,
   * rounded half up at the minor unit (2.5% of 1,001 is 25.025, so 25; of 1,020 is 25.5, so 26).
   */
  public static long of(long amount, int basisPoints) {
    return BigDecimal.valueOf(amount)
        .multiply(BigDecimal.valueOf(basisPoints))
        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP)
        .longValueExact();
  }
}
