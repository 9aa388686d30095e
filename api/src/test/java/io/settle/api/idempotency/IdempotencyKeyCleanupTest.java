package io.settle.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The cleanup forgets keys older than the retention, which is at least a day. */
class IdempotencyKeyCleanupTest {

  private final ApplicationContextRunner properties =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(PropertiesOnly.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(IdempotencyProperties.class)
  static class PropertiesOnly {}

  @Test
  void keysAreKeptADayByDefaultAndNeverLess() {
    properties.run(
        context ->
            assertThat(context.getBean(IdempotencyProperties.class).retention())
                .isEqualTo(Duration.ofHours(24)));
    properties
        .withPropertyValues("settle.idempotency.retention=1h")
        .run(context -> assertThat(context).hasFailed());
    properties
        .withPropertyValues("settle.idempotency.retention=7d")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyProperties.class).retention())
                    .isEqualTo(Duration.ofDays(7)));
  }

  @Test
  void aRunForgetsKeysCreatedBeforeTheRetention() {
    IdempotencyKeyRepository keys = mock(IdempotencyKeyRepository.class);
    given(keys.deleteCreatedBefore(any())).willReturn(3);
    Instant now = Instant.parse("2026-06-03T12:00:00Z");
    var cleanup =
        new IdempotencyKeyCleanup(
            keys,
            new IdempotencyProperties(Duration.ofHours(48), Duration.ofHours(1)),
            Clock.fixed(now, ZoneOffset.UTC));

    assertThat(cleanup.cleanUp()).isEqualTo(3);

    verify(keys).deleteCreatedBefore(Instant.parse("2026-06-01T12:00:00Z"));
  }
}
