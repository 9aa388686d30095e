package io.settle.api.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.workflows.recurring.Cadence;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The Schedule a template's cadence becomes: the timing Temporal keeps for it. */
class RecurringSchedulesSpecTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate START = LocalDate.of(2027, 1, 13); // a Wednesday

  @Test
  void aMonthlyCadenceIsACalendarAtSixInTheTemplatesZoneBetweenItsDates() {
    ScheduleSpec spec =
        RecurringSchedules.spec(Cadence.monthly(15), BERLIN, START, LocalDate.of(2027, 12, 31));

    assertThat(spec.getTimeZoneName()).isEqualTo("Europe/Berlin");
    assertThat(spec.getStartAt()).isEqualTo(START.atStartOfDay(BERLIN).toInstant());
    assertThat(spec.getEndAt())
        .isEqualTo(LocalDate.of(2028, 1, 1).atStartOfDay(BERLIN).toInstant());
    assertThat(spec.getCalendars()).hasSize(1);
    assertThat(spec.getCalendars().get(0).getDayOfMonth()).containsExactly(new ScheduleRange(15));
    assertThat(spec.getCalendars().get(0).getHour()).containsExactly(new ScheduleRange(6));
  }

  @Test
  void everyNWeeksIsAnIntervalWhoseFirstFiringIsTheFirstWeekdayAtSix() {
    ScheduleSpec spec =
        RecurringSchedules.spec(Cadence.weekly(2, DayOfWeek.MONDAY), BERLIN, START, null);

    assertThat(spec.getEndAt()).isNull();
    ScheduleIntervalSpec interval = spec.getIntervals().get(0);
    assertThat(interval.getEvery()).isEqualTo(Duration.ofDays(14));
    long firstMonday =
        LocalDate.of(2027, 1, 18).atTime(6, 0).atZone(BERLIN).toInstant().getEpochSecond();
    assertThat(Math.floorMod(firstMonday, interval.getEvery().toSeconds()))
        .as("Temporal fires where epoch time modulo the interval is the offset")
        .isEqualTo(interval.getOffset().toSeconds());
  }

  @Test
  void aCalendarCountsSundayAsZeroAsTemporalDoes() {
    ScheduleSpec spec =
        RecurringSchedules.spec(
            Cadence.calendar(Set.of(), Set.of(3, 9), Set.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY)),
            BERLIN,
            START,
            null);

    assertThat(spec.getCalendars().get(0).getDayOfWeek())
        .containsExactlyInAnyOrder(new ScheduleRange(0), new ScheduleRange(6));
    assertThat(spec.getCalendars().get(0).getMonth())
        .containsExactlyInAnyOrderElementsOf(List.of(new ScheduleRange(3), new ScheduleRange(9)));
  }

  @Test
  void withoutSchedulesEveryChangeIsA503ThatSaysWhy() {
    RecurringSchedules off = new RecurringSchedules(null, new SchedulesProperties(false));

    assertThatThrownBy(() -> off.trigger(1))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(problem.type()).isEqualTo(ProblemTypes.SCHEDULES_OFF);
              assertThat(problem.getMessage()).contains("Temporal CLI");
            });
    assertThatThrownBy(() -> off.putDailyRun(1, true, 9, BERLIN)).isInstanceOf(ApiProblem.class);
  }
}
