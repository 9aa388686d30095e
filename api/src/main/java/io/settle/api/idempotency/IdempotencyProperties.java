package io.settle.api.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long {@code Idempotency-Key} answers are kept.
 *
 * @param retention the age after which a key is forgotten and may be used afresh; at least a day,
 *     the promise clients retry against
 * @param cleanupDelay the pause between two runs of the cleanup
 */
@Validated
@ConfigurationProperties("settle.idempotency")
record IdempotencyProperties(
    @DefaultValue("24h") @NotNull @DurationMin(hours = 24) Duration retention,
    @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration cleanupDelay) {}
