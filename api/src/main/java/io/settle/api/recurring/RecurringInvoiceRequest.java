package io.settle.api.recurring;

import io.settle.api.validation.IanaTimeZone;
import io.settle.api.validation.RuleOn;
import io.settle.api.validation.StripeCurrency;
import io.settle.workflows.recurring.Cadence;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A recurring invoice template: who is invoiced for what, and when. Amounts are integer minor units
 * of {@code currency}.
 *
 * @param numberPrefix what each invoice number starts with (then the period's first day, as in
 *     {@code ACME-SUP-2027-01-01}); R and the template's id when absent
 * @param timeZone an IANA zone such as Europe/Berlin; the merchant's when absent
 * @param paymentTerms days from the invoice date to its due date
 * @param autopay MERCHANT_DEFAULT (the merchant's "auto-pay recurring invoices"), ON_CREATION,
 *     ON_DUE_DATE or OFF
 */
public record RecurringInvoiceRequest(
    @NotNull @Positive Long customerId,
    @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD")
        @StripeCurrency
        String currency,
    @Size(max = 40)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]*", message = "must be letters, digits, - or _")
        String numberPrefix,
    @NotNull @Valid CadenceBody cadence,
    @Size(max = 64) @IanaTimeZone String timeZone,
    @NotNull LocalDate startDate,
    LocalDate endDate,
    @NotNull @PositiveOrZero @Max(365) Integer paymentTerms,
    @NotNull TemplateAutopay autopay,
    @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> lines) {

  public enum TemplateAutopay {
    MERCHANT_DEFAULT,
    ON_CREATION,
    ON_DUE_DATE,
    OFF
  }

  public record Line(
      @NotBlank @Size(max = 500) String description,
      @NotNull @PositiveOrZero @Max(999_999_999_999L) Long amount) {}

  /**
   * When invoices are made: MONTHLY on dayOfMonth (1 to 28); WEEKLY every everyWeeks weeks on
   * weekday, from the first such weekday on or after the start date; CALENDAR on every day matching
   * all of calendar's lists (an empty or absent list matches any day).
   */
  public record CadenceBody(
      @NotNull Cadence.Kind kind,
      @Schema(description = "MONTHLY: 1 to 28") Integer dayOfMonth,
      @Schema(description = "WEEKLY: 1 to 52") Integer everyWeeks,
      @Schema(description = "WEEKLY: MONDAY to SUNDAY") DayOfWeek weekday,
      @Valid CalendarBody calendar) {

    Cadence toCadence() {
      CalendarBody lists = calendar == null ? new CalendarBody(null, null, null) : calendar;
      return new Cadence(
          kind,
          dayOfMonth,
          everyWeeks,
          weekday,
          lists.daysOfMonth() == null ? null : new java.util.TreeSet<>(lists.daysOfMonth()),
          lists.months() == null ? null : new java.util.TreeSet<>(lists.months()),
          lists.weekdays() == null ? null : new java.util.TreeSet<>(lists.weekdays()));
    }

    @RuleOn(
        field = "kind",
        message =
            "MONTHLY needs dayOfMonth 1 to 28; WEEKLY needs everyWeeks 1 to 52 and a weekday;"
                + " CALENDAR needs daysOfMonth (1 to 31), months (1 to 12) or weekdays that some"
                + " date matches")
    boolean isValidCadence() {
      if (kind == null || (calendar != null && calendar.hasNulls())) {
        return true; // @NotNull reports those
      }
      return toCadence().problem().isEmpty();
    }

    static CadenceBody of(Cadence cadence) {
      return new CadenceBody(
          cadence.kind(),
          cadence.dayOfMonth(),
          cadence.everyWeeks(),
          cadence.weekday(),
          cadence.kind() == Cadence.Kind.CALENDAR
              ? new CalendarBody(
                  cadence.calendarDays(), cadence.calendarMonths(), cadence.calendarWeekdays())
              : null);
    }
  }

  /** A Temporal-style calendar: the days matching every list. */
  public record CalendarBody(
      @Size(max = 31) Set<@NotNull Integer> daysOfMonth,
      @Size(max = 12) Set<@NotNull Integer> months,
      @Size(max = 7) Set<@NotNull DayOfWeek> weekdays) {

    boolean hasNulls() {
      return java.util.stream.Stream.of(daysOfMonth, months, weekdays)
          .anyMatch(list -> list != null && list.stream().anyMatch(java.util.Objects::isNull));
    }
  }

  @RuleOn(field = "endDate", message = "must be on or after startDate")
  boolean isEndAfterStart() {
    return endDate == null || startDate == null || !endDate.isBefore(startDate);
  }

  long total() {
    return lines.stream().mapToLong(Line::amount).sum();
  }
}
