package io.settle.api.idempotency;

import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Forgets keys older than the retention. Several API instances may run it at once; a row deleted
 * twice is deleted once.
 */
@Component
class IdempotencyKeyCleanup implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

  private final IdempotencyKeyRepository keys;
  private final IdempotencyProperties properties;
  private final Clock clock;

  IdempotencyKeyCleanup(
      IdempotencyKeyRepository keys, IdempotencyProperties properties, Clock clock) {
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
  }

  // A registered task rather than @Scheduled, so the delay is the validated property's Duration.
  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::cleanUp, properties.cleanupDelay());
  }

  /**
   * One run.
   *
   * @return how many keys it forgot
   */
  int cleanUp() {
    int deleted = keys.deleteCreatedBefore(clock.instant().minus(properties.retention()));
    if (deleted > 0) {
      log.info("Forgot {} idempotency key(s) older than {}", deleted, properties.retention());
    }
    return deleted;
  }
}
