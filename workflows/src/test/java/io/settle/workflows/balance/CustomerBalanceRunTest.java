package io.settle.workflows.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A customer's balance run travels whole across continue-as-new, and its rules decide when it looks
 * again: every field set here comes back as it went, a field added later included.
 */
class CustomerBalanceRunTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  @Test
  void everyFieldSurvivesTheDataConverter() throws Exception {
    CustomerBalanceRun run = new CustomerBalanceRun();
    run.fundsArrived(new FundsArrival("ccsbtxn_1", 100, "usd", "evt_1"));
    run.creditAvailable();
    run.nextUpdateId(70);
    run.record(BalanceApplication.skipped(1, BalanceApplication.Funds.CASH_BALANCE, "busy"), NOW);
    run.cashLeft(500, NOW);
    run.instructions(
        new BankTransferInstructions("usd", "Bank", "110000000", "000123", List.of("ach")));

    Optional<Payloads> payloads = DefaultDataConverter.STANDARD_INSTANCE.toPayloads(run);
    CustomerBalanceRun back =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
            0, payloads, CustomerBalanceRun.class, CustomerBalanceRun.class);

    for (Field field : CustomerBalanceRun.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      Object value = field.get(run);
      assertThat(value)
          .as("the test sets %s, so the round trip proves it travels", field.getName())
          .isNotNull()
          .isNotEqualTo(0)
          .isNotEqualTo(0L)
          .isNotEqualTo(false);
      if (value instanceof Collection<?> collection) {
        assertThat(collection).as(field.getName()).isNotEmpty();
      }
      assertThat(field.get(back)).as(field.getName()).isEqualTo(value);
    }
  }

  @Test
  void aSkipLooksAgainInAnHourAndLeftoverMoneyTheNextDay() {
    CustomerBalanceRun run = new CustomerBalanceRun();
    run.cashLeft(500, NOW);
    assertThat(run.nextLookAt()).isEqualTo(NOW.plus(CustomerBalanceRun.LOOK_AGAIN_WHEN_IDLE));

    run.record(BalanceApplication.skipped(1, BalanceApplication.Funds.CASH_BALANCE, "busy"), NOW);
    assertThat(run.nextLookAt()).isEqualTo(NOW.plus(CustomerBalanceRun.LOOK_AGAIN_AFTER_BUSY));

    run.lookAgain();
    assertThat(run.nextLookAt()).isNull();
    assertThat(run.takeCreditWork()).isTrue();
    assertThat(run.takeCashWork()).isTrue();
    assertThat(run.hasWork()).isFalse();
  }

  @Test
  void aFundingTransactionIsNewsOnceAndANoticeWithoutOneAlways() {
    CustomerBalanceRun run = new CustomerBalanceRun();

    assertThat(run.fundsArrived(new FundsArrival("ccsbtxn_1", 100, "usd", "evt_1"))).isTrue();
    assertThat(run.takeCashWork()).isTrue();
    assertThat(run.fundsArrived(new FundsArrival("ccsbtxn_1", 100, "usd", "evt_2"))).isFalse();
    assertThat(run.hasWork()).isFalse();
    assertThat(run.fundsArrived(new FundsArrival(null, 0, "usd", "evt_3"))).isTrue();
    assertThat(run.hasWork()).isTrue();
  }
}
