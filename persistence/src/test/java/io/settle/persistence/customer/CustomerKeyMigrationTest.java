package io.settle.persistence.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migration that gives every customer a key fills it in for the customers stored before it,
 * each with its own (H2 in MySQL mode here; the same script was run on MariaDB).
 */
class CustomerKeyMigrationTest {

  @Test
  void customersStoredBeforeTheMigrationGetDistinctKeys() {
    // One connection throughout: H2 ties a CHECK constraint to the session that made it.
    SingleConnectionDataSource database =
        new SingleConnectionDataSource(
            "jdbc:h2:mem:customer_key_migration;MODE=MySQL;DATABASE_TO_LOWER=TRUE", "sa", "", true);
    JdbcClient jdbc = JdbcClient.create(database);
    try {
      migrate(database, "9");
      jdbc.sql(
              """
              INSERT INTO merchant (name, default_currency, autopay_timing,
                                    stripe_secret_key_encrypted, stripe_secret_key_last4,
                                    stripe_livemode)
              VALUES ('Acme', 'USD', 'OFF', 'x', '1234', FALSE)
              """)
          .update();
      jdbc.sql("INSERT INTO customer (merchant_id, name) VALUES (1, 'Alpha'), (1, 'Beta')")
          .update();

      migrate(database, "latest");

      List<String> keys =
          jdbc.sql("SELECT customer_key FROM customer ORDER BY id").query(String.class).list();
      assertThat(keys).hasSize(2).doesNotHaveDuplicates().allMatch(key -> key.startsWith("cust_"));
    } finally {
      database.destroy();
    }
  }

  private static void migrate(SingleConnectionDataSource database, String target) {
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration")
        .target(target)
        .load()
        .migrate();
  }
}
