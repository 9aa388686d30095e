package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.stripe.gateway.WritePacer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A merchant's Stripe write pace held in MariaDB, as two worker processes hold it: each pacer here
 * stands for a process of its own, sharing nothing but the database. At one write a second, a turn
 * one takes is gone for the other; another merchant's turns are its own.
 */
class SharedWritePacingIT {

  @Test
  void twoProcessesShareAMerchantsTurnsAndMerchantsShareNothing() {
    SettleStack.get(); // the schema, stripe_write_bucket included
    DataSource database =
        new DriverManagerDataSource(
            RealServices.databaseUrl(), RealServices.DB_USER, RealServices.DB_PASSWORD);
    WritePacer oneWorker = WritePacer.shared(database, 1, Duration.ZERO);
    WritePacer otherWorker = WritePacer.shared(database, 1, Duration.ZERO);
    long merchant = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);

    assertThat(oneWorker.tryTurn(merchant)).isTrue();

    assertThat(otherWorker.tryTurn(merchant)).as("the turn the other process took").isFalse();
    assertThat(oneWorker.tryTurn(merchant)).as("its own next turn is a second away").isFalse();
    assertThat(otherWorker.tryTurn(merchant + 1)).as("another merchant's turn").isTrue();
  }
}
