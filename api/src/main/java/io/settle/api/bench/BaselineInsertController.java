package io.settle.api.bench;

import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of {@code bin/bench}'s webhook figure (P5): an endpoint beside Stripe's webhook
 * door, behind the same filters, that stores the body with one INSERT and answers. The inbox's
 * latency is reported against this one's, measured in the same run on the same machine. It exists
 * only with {@code settle.bench.enabled=true}, which nothing but {@code bin/bench} sets, and keeps
 * its rows in a table of its own, made when it starts, outside Settle's schema.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "settle.bench.enabled", havingValue = "true")
class BaselineInsertController {

  private final JdbcClient jdbc;

  BaselineInsertController(JdbcClient jdbc) {
    this.jdbc = jdbc;
    jdbc.sql(
            """
            CREATE TABLE IF NOT EXISTS bench_baseline_event (
              id BIGINT AUTO_INCREMENT PRIMARY KEY,
              merchant_id BIGINT NOT NULL,
              payload MEDIUMTEXT NOT NULL,
              received_at DATETIME(6) NOT NULL
            )
            """)
        .update();
  }

  @PostMapping(
      path = "/webhooks/baseline/{merchantId}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> receive(@PathVariable long merchantId, @RequestBody byte[] body) {
    jdbc.sql(
            "INSERT INTO bench_baseline_event (merchant_id, payload, received_at)"
                + " VALUES (:merchant, :payload, :at)")
        .param("merchant", merchantId)
        .param("payload", new String(body, StandardCharsets.UTF_8))
        .param("at", LocalDateTime.now(ZoneOffset.UTC))
        .update();
    return Map.of("stored", true);
  }
}
