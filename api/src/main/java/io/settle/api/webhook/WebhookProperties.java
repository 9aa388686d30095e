package io.settle.api.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The webhook inbox's timing.
 *
 * @param redispatchDelay the pause between two runs of the re-dispatcher
 * @param redispatchBatchSize the most stored events one run hands over
 * @param redispatchGrace how old a RECEIVED event must be before the re-dispatcher takes it;
 *     younger ones are still in the hands of the request that stored them
 * @param signalTimeout the longest a request waits for Temporal to accept a signal; Stripe wants an
 *     answer fast, and the event is safe in the database anyway
 * @param previousSecretValidity how long a rolled signing secret is still accepted
 */
@Validated
@ConfigurationProperties("settle.webhooks")
public record WebhookProperties(
    @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration redispatchDelay,
    @DefaultValue("100") @Min(1) @Max(1000) int redispatchBatchSize,
    @DefaultValue("1m") @NotNull @DurationMin(seconds = 0) Duration redispatchGrace,
    @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration signalTimeout,
    @DefaultValue("24h") @NotNull @DurationMin(seconds = 0) Duration previousSecretValidity) {}
