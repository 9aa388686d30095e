package io.settle.persistence.recurring;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A recurring invoice template as stored. Its timing lives in its Temporal Schedule; the cadence
 * here is what that Schedule was made from.
 *
 * @param numberPrefix what each invoice number starts with; empty for the default, {@code R<id>}
 * @param calendarDays a CALENDAR cadence's days of the month, comma-separated; empty for any
 * @param timeZone the template's own zone; null for the merchant's
 * @param autopay MERCHANT_DEFAULT, ON_CREATION, ON_DUE_DATE or OFF
 */
public record RecurringInvoice(
    long id,
    long merchantId,
    long customerId,
    String currency,
    String numberPrefix,
    String cadenceKind,
    Integer dayOfMonth,
    Integer everyWeeks,
    String weekday,
    String calendarDays,
    String calendarMonths,
    String calendarWeekdays,
    String timeZone,
    LocalDate startDate,
    LocalDate endDate,
    int paymentTermsDays,
    String autopay,
    boolean paused,
    String pauseNote,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    List<Line> lines) {

  /** One line of each invoice the template makes, in minor units. */
  public record Line(int position, String description, long amount) {}

  public long total() {
    return lines.stream().mapToLong(Line::amount).sum();
  }

  /** What its invoice numbers start with. */
  public String effectiveNumberPrefix() {
    return numberPrefix == null || numberPrefix.isEmpty() ? "R" + id : numberPrefix;
  }

  public RecurringInvoice withLines(List<Line> lines) {
    return new RecurringInvoice(
        id,
        merchantId,
        customerId,
        currency,
        numberPrefix,
        cadenceKind,
        dayOfMonth,
        everyWeeks,
        weekday,
        calendarDays,
        calendarMonths,
        calendarWeekdays,
        timeZone,
        startDate,
        endDate,
        paymentTermsDays,
        autopay,
        paused,
        pauseNote,
        createdAt,
        updatedAt,
        List.copyOf(lines));
  }
}
