package io.settle.workflows.recurring;

import java.time.LocalDate;

/** The days a recurring invoice bills, both inclusive. */
public record BillingPeriod(LocalDate start, LocalDate end) {

  public BillingPeriod {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "a period ends on or after its start: " + start + ".." + end);
    }
  }

  /**
   * The number of the invoice that bills this period: the template's prefix and the period's first
   * day. One number per period, and numbers are unique per merchant, so a period is invoiced once.
   */
  public String invoiceNumber(String prefix) {
    return prefix + "-" + start;
  }
}
