package io.settle.workflows.recurring;

import static java.util.stream.Collectors.toCollection;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * When a recurring invoice is issued, as pure rules over local dates: the issue dates, and the
 * period each invoice bills. The template's Temporal Schedule fires on these dates (see {@code
 * RecurringSchedules}); a firing, whenever it runs, bills the period its date falls in, so the
 * Schedule's timing and these rules never have to agree to the minute.
 *
 * <ul>
 *   <li>MONTHLY: on {@code dayOfMonth} (1 to 28, so every month has it); a period is a month.
 *   <li>WEEKLY: every {@code everyWeeks} weeks on {@code weekday}, counted from the first such
 *       weekday on or after the start date; a period is {@code everyWeeks} weeks.
 *   <li>CALENDAR: every day matching all three lists (an empty list matches any), as a Temporal
 *       calendar spec does; a period runs to the day before the next issue date.
 * </ul>
 */
public record Cadence(
    Kind kind,
    Integer dayOfMonth,
    Integer everyWeeks,
    DayOfWeek weekday,
    SortedSet<Integer> calendarDays,
    SortedSet<Integer> calendarMonths,
    SortedSet<DayOfWeek> calendarWeekdays) {

  public enum Kind {
    MONTHLY,
    WEEKLY,
    CALENDAR
  }

  /**
   * The local time a template's Schedule fires: early in the day, so the invoice is dated the day
   * it is meant for, and a WEEKLY interval moved an hour by a DST change stays on that day.
   */
  public static final LocalTime ISSUE_TIME = LocalTime.of(6, 0);

  /** How far a calendar cadence is searched for its next date: past any leap-day cadence. */
  static final int CALENDAR_HORIZON_DAYS = 366 * 8 + 2;

  public Cadence {
    calendarDays = new TreeSet<>(calendarDays == null ? Set.of() : calendarDays);
    calendarMonths = new TreeSet<>(calendarMonths == null ? Set.of() : calendarMonths);
    calendarWeekdays = new TreeSet<>(calendarWeekdays == null ? Set.of() : calendarWeekdays);
  }

  public static Cadence monthly(int dayOfMonth) {
    return new Cadence(Kind.MONTHLY, dayOfMonth, null, null, null, null, null);
  }

  public static Cadence weekly(int everyWeeks, DayOfWeek weekday) {
    return new Cadence(Kind.WEEKLY, null, everyWeeks, weekday, null, null, null);
  }

  public static Cadence calendar(Set<Integer> days, Set<Integer> months, Set<DayOfWeek> weekdays) {
    return new Cadence(
        Kind.CALENDAR,
        null,
        null,
        null,
        new TreeSet<>(days),
        new TreeSet<>(months),
        new TreeSet<>(weekdays));
  }

  /**
   * The cadence as a template stores it: the kind's name, its numbers, and a calendar's lists
   * comma-separated ("1,15", "MONDAY,FRIDAY"; empty for any). The one conversion, for the API and
   * the activities alike.
   *
   * @throws IllegalArgumentException for an unknown kind, weekday or number
   */
  public static Cadence ofStored(
      String kind,
      Integer dayOfMonth,
      Integer everyWeeks,
      String weekday,
      String calendarDays,
      String calendarMonths,
      String calendarWeekdays) {
    return new Cadence(
        Kind.valueOf(kind),
        dayOfMonth,
        everyWeeks,
        weekday == null ? null : DayOfWeek.valueOf(weekday),
        split(calendarDays).map(Integer::valueOf).collect(toCollection(TreeSet::new)),
        split(calendarMonths).map(Integer::valueOf).collect(toCollection(TreeSet::new)),
        split(calendarWeekdays).map(DayOfWeek::valueOf).collect(toCollection(TreeSet::new)));
  }

  /** A list as {@link #ofStored} reads it. */
  public static String joined(Collection<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static Stream<String> split(String list) {
    return list == null || list.isBlank()
        ? Stream.empty()
        : Arrays.stream(list.split(",")).map(String::strip).filter(item -> !item.isEmpty());
  }

  /** What is wrong with this cadence, for a 400; empty when it can issue invoices. */
  public Optional<String> problem() {
    return switch (kind) {
      case MONTHLY ->
          dayOfMonth == null || dayOfMonth < 1 || dayOfMonth > 28
              ? Optional.of("a MONTHLY cadence needs dayOfMonth 1 to 28, so every month has it")
              : Optional.empty();
      case WEEKLY -> {
        if (everyWeeks == null || everyWeeks < 1 || everyWeeks > 52) {
          yield Optional.of("a WEEKLY cadence needs everyWeeks 1 to 52");
        }
        yield weekday == null ? Optional.of("a WEEKLY cadence needs a weekday") : Optional.empty();
      }
      case CALENDAR -> {
        if (calendarDays.isEmpty() && calendarMonths.isEmpty() && calendarWeekdays.isEmpty()) {
          yield Optional.of("a CALENDAR cadence needs days of the month, months or weekdays");
        }
        if (calendarDays.stream().anyMatch(day -> day < 1 || day > 31)) {
          yield Optional.of("calendar days of the month are 1 to 31");
        }
        if (calendarMonths.stream().anyMatch(month -> month < 1 || month > 12)) {
          yield Optional.of("calendar months are 1 to 12");
        }
        yield nextCalendarDate(LocalDate.of(2000, 1, 1)).isEmpty()
            ? Optional.of("this calendar matches no date")
            : Optional.empty();
      }
    };
  }

  /** The first issue date on or after {@code day}, for a template that starts on {@code start}. */
  public Optional<LocalDate> nextOnOrAfter(LocalDate day, LocalDate start) {
    LocalDate from = day.isBefore(start) ? start : day;
    return switch (kind) {
      case MONTHLY -> {
        LocalDate inMonth = from.withDayOfMonth(dayOfMonth);
        yield Optional.of(inMonth.isBefore(from) ? inMonth.plusMonths(1) : inMonth);
      }
      case WEEKLY -> {
        LocalDate first = firstWeekly(start);
        if (!from.isAfter(first)) {
          yield Optional.of(first);
        }
        long step = 7L * everyWeeks;
        long steps = Math.ceilDiv(ChronoUnit.DAYS.between(first, from), step);
        yield Optional.of(first.plusDays(steps * step));
      }
      case CALENDAR -> nextCalendarDate(from);
    };
  }

  /**
   * The period that an invoice issued on {@code day} bills: from the latest issue date on or before
   * it to the day before the next. Empty before the template's first issue date.
   */
  public Optional<BillingPeriod> periodOf(LocalDate day, LocalDate start) {
    Optional<LocalDate> first = nextOnOrAfter(start, start);
    if (first.isEmpty() || day.isBefore(first.get())) {
      return Optional.empty();
    }
    LocalDate periodStart =
        switch (kind) {
          case MONTHLY ->
              day.getDayOfMonth() >= dayOfMonth
                  ? day.withDayOfMonth(dayOfMonth)
                  : day.minusMonths(1).withDayOfMonth(dayOfMonth);
          case WEEKLY -> {
            long step = 7L * everyWeeks;
            long steps = ChronoUnit.DAYS.between(first.get(), day) / step;
            yield first.get().plusDays(steps * step);
          }
          case CALENDAR -> previousCalendarDate(day).orElse(first.get());
        };
    LocalDate next = nextOnOrAfter(periodStart.plusDays(1), start).orElseThrow();
    return Optional.of(new BillingPeriod(periodStart, next.minusDays(1)));
  }

  /** The next {@code count} issue dates on or after {@code from}, none after {@code end}. */
  public List<LocalDate> upcoming(LocalDate from, LocalDate start, LocalDate end, int count) {
    List<LocalDate> dates = new ArrayList<>();
    Optional<LocalDate> next = nextOnOrAfter(from, start);
    while (dates.size() < count && next.isPresent()) {
      if (end != null && next.get().isAfter(end)) {
        break;
      }
      dates.add(next.get());
      next = nextOnOrAfter(next.get().plusDays(1), start);
    }
    return dates;
  }

  /** The weekly cadence's first issue date: the weekday on or after the start date. */
  public LocalDate firstWeekly(LocalDate start) {
    return start.with(TemporalAdjusters.nextOrSame(weekday));
  }

  private boolean matchesCalendar(LocalDate day) {
    return (calendarDays.isEmpty() || calendarDays.contains(day.getDayOfMonth()))
        && (calendarMonths.isEmpty() || calendarMonths.contains(day.getMonthValue()))
        && (calendarWeekdays.isEmpty() || calendarWeekdays.contains(day.getDayOfWeek()));
  }

  private Optional<LocalDate> nextCalendarDate(LocalDate from) {
    for (int i = 0; i < CALENDAR_HORIZON_DAYS; i++) {
      LocalDate day = from.plusDays(i);
      if (matchesCalendar(day)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  private Optional<LocalDate> previousCalendarDate(LocalDate onOrBefore) {
    for (int i = 0; i < CALENDAR_HORIZON_DAYS; i++) {
      LocalDate day = onOrBefore.minusDays(i);
      if (matchesCalendar(day)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }
}
