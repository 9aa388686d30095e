package io.settle.api.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The webhook inbox's timing.
 *
 * @param redispatchDelay the longest the dispatch loop waits when it has nothing to do; a new event
 *     wakes it at once
 * @param redispatchBatchSize the most stored events one run of the loop claims
 * @param redispatchGrace how old a RECEIVED event must be before the loop takes it; 0, since the
 *     inbox only stores and the loop does all the handing over
 * @param signalTimeout the longest a request waits for Temporal to accept a signal; Stripe wants an
 *     answer fast, and the event is safe in the database anyway
 * @param previousSecretValidity how long a rolled signing secret is still accepted
 * @param redispatchMaxAttempts how often handing an event over is tried (the inbox's own try
 *     included) before it is parked as DEAD for an operator
 * @param redispatchBackoff the wait after an event's first failed try; each further failure doubles
 *     it
 * @param redispatchMaxBackoff the longest wait between two tries of one event
 * @param dispatchConcurrency how many events the loop hands over at once (one invoice's always one
 *     after another, in order)
 */
@Validated
@ConfigurationProperties("settle.webhooks")
public record WebhookProperties(
    @DefaultValue("1s") @NotNull @DurationMin(millis = 10) Duration redispatchDelay,
    @DefaultValue("100") @Min(1) @Max(1000) int redispatchBatchSize,
    @DefaultValue("0s") @NotNull @DurationMin(seconds = 0) Duration redispatchGrace,
    @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration signalTimeout,
    @DefaultValue("24h") @NotNull @DurationMin(seconds = 0) Duration previousSecretValidity,
    @DefaultValue("10") @Min(1) @Max(100) int redispatchMaxAttempts,
    @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration redispatchBackoff,
    @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration redispatchMaxBackoff,
    @DefaultValue("16") @Min(1) @Max(256) int dispatchConcurrency) {

  /**
   * When an event whose {@code attempts}-th try has just failed is tried again, from {@code now}.
   *
   * @return empty when that was its last allowed try: it is parked as DEAD
   */
  public Optional<Instant> nextAttemptAfter(int attempts, Instant now) {
    if (attempts >= redispatchMaxAttempts) {
      return Optional.empty();
    }
    // 30 s, 1 min, 2 min, ... up to the cap; the shift is bounded so the doubling cannot overflow.
    Duration backoff =
        redispatchBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return Optional.of(
        now.plus(backoff.compareTo(redispatchMaxBackoff) > 0 ? redispatchMaxBackoff : backoff));
  }
}
