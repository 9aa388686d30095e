package io.settle.persistence;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The repository contract on real MariaDB (started by bin/test). */
class RepositoriesIT extends RepositoryContract {

  @DynamicPropertySource
  static void mariadb(DynamicPropertyRegistry registry) {
    commonProperties(registry);
    registry.add(
        "spring.datasource.url",
        () -> System.getProperty("settle.it.db.url", "jdbc:mariadb://127.0.0.1:3306/settle_it"));
    registry.add("spring.datasource.username", () -> "settle");
    registry.add("spring.datasource.password", () -> "settle");
  }
}
