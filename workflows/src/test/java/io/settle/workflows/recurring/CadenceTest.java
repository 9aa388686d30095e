package io.settle.workflows.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CadenceTest {

  private static final LocalDate JAN_15 = LocalDate.of(2027, 1, 15);

  @Test
  void aMonthlyPeriodRunsFromItsDayToTheDayBeforeTheNextMonthsAndStartsNoEarlierThanTheTemplate() {
    Cadence monthly = Cadence.monthly(5);

    assertThat(monthly.nextOnOrAfter(JAN_15, JAN_15)).contains(LocalDate.of(2027, 2, 5));
    assertThat(monthly.periodOf(LocalDate.of(2027, 2, 4), JAN_15)).isEmpty();
    assertThat(monthly.periodOf(LocalDate.of(2027, 3, 20), JAN_15))
        .contains(new BillingPeriod(LocalDate.of(2027, 3, 5), LocalDate.of(2027, 4, 4)));
    assertThat(monthly.periodOf(LocalDate.of(2027, 3, 4), JAN_15))
        .as("a day before the month's date belongs to last month's period")
        .contains(new BillingPeriod(LocalDate.of(2027, 2, 5), LocalDate.of(2027, 3, 4)));
    assertThat(monthly.upcoming(LocalDate.of(2027, 2, 6), JAN_15, LocalDate.of(2027, 5, 5), 10))
        .containsExactly(
            LocalDate.of(2027, 3, 5), LocalDate.of(2027, 4, 5), LocalDate.of(2027, 5, 5));
  }

  @Test
  void everyTwoWeeksCountsFromTheFirstWeekdayOnOrAfterTheStart() {
    Cadence fortnightly = Cadence.weekly(2, DayOfWeek.MONDAY);
    LocalDate firstMonday = LocalDate.of(2027, 1, 18);

    assertThat(fortnightly.nextOnOrAfter(JAN_15, JAN_15)).contains(firstMonday);
    assertThat(fortnightly.upcoming(JAN_15, JAN_15, null, 3))
        .containsExactly(firstMonday, firstMonday.plusWeeks(2), firstMonday.plusWeeks(4));
    assertThat(fortnightly.periodOf(firstMonday.plusDays(20), JAN_15))
        .contains(
            new BillingPeriod(firstMonday.plusWeeks(2), firstMonday.plusWeeks(4).minusDays(1)));
  }

  @Test
  void aCalendarMatchesEveryListAndItsPeriodEndsBeforeTheNextMatch() {
    Cadence quarterly = Cadence.calendar(Set.of(1), Set.of(1, 4, 7, 10), Set.of());

    assertThat(quarterly.upcoming(JAN_15, JAN_15, null, 2))
        .containsExactly(LocalDate.of(2027, 4, 1), LocalDate.of(2027, 7, 1));
    assertThat(quarterly.periodOf(LocalDate.of(2027, 5, 9), JAN_15))
        .contains(new BillingPeriod(LocalDate.of(2027, 4, 1), LocalDate.of(2027, 6, 30)));

    Cadence fridayThe13th = Cadence.calendar(Set.of(13), Set.of(), Set.of(DayOfWeek.FRIDAY));
    assertThat(fridayThe13th.upcoming(LocalDate.of(2027, 1, 1), JAN_15, null, 2))
        .allSatisfy(
            day -> {
              assertThat(day.getDayOfMonth()).isEqualTo(13);
              assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
            });
  }

  @Test
  void aCadenceThatCannotIssueSaysWhy() {
    assertThat(Cadence.monthly(29).problem()).hasValueSatisfying(p -> assertThat(p).contains("28"));
    assertThat(Cadence.weekly(0, DayOfWeek.MONDAY).problem()).isPresent();
    assertThat(Cadence.weekly(1, null).problem()).isPresent();
    assertThat(Cadence.calendar(Set.of(), Set.of(), Set.of()).problem()).isPresent();
    assertThat(Cadence.calendar(Set.of(30), Set.of(2), Set.of()).problem())
        .contains("this calendar matches no date");
    assertThat(Cadence.calendar(Set.of(29), Set.of(2), Set.of()).problem())
        .as("a leap day comes every four years")
        .isEmpty();
    assertThat(Cadence.monthly(28).problem()).isEmpty();
  }

  @Test
  void theStoredFormReadsBackTheSameCadence() {
    Cadence calendar =
        Cadence.calendar(Set.of(1, 15), Set.of(3), Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    assertThat(
            Cadence.ofStored(
                "CALENDAR",
                null,
                null,
                null,
                Cadence.joined(calendar.calendarDays()),
                Cadence.joined(calendar.calendarMonths()),
                Cadence.joined(calendar.calendarWeekdays())))
        .isEqualTo(calendar);
    assertThat(new BillingPeriod(JAN_15, JAN_15).invoiceNumber("ACME"))
        .isEqualTo("ACME-2027-01-15");
  }
}
