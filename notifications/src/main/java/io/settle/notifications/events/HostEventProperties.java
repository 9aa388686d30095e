package io.settle.notifications.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Events to the host app ({@code settle.events}), read by the API (registration) and the worker
 * (delivery).
 *
 * @param allowPrivateEndpoints accept endpoint URLs on loopback, private, link-local, multicast or
 *     unspecified addresses; off in production (SSRF), on for tests and the Run command
 * @param delivery how the worker sends them
 */
@ConfigurationProperties("settle.events")
public record HostEventProperties(
    @DefaultValue("false") boolean allowPrivateEndpoints, @DefaultValue Delivery delivery) {

  /**
   * @param enabled whether this process runs the delivery loop
   * @param pollInterval how often the loop looks for due deliveries
   * @param batchSize deliveries claimed at once
   * @param lease how long a claimed delivery is held before another worker may take it
   * @param connectTimeout connecting to the host app
   * @param readTimeout waiting for its answer
   * @param firstRetry the wait after the first failed attempt; each next one doubles it
   * @param maxRetryInterval the longest wait between two attempts
   * @param giveUpAfter how long after the event a delivery keeps being retried before it is FAILED
   */
  public record Delivery(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("20") int batchSize,
      @DefaultValue("1m") Duration lease,
      @DefaultValue("3s") Duration connectTimeout,
      @DefaultValue("10s") Duration readTimeout,
      @DefaultValue("1m") Duration firstRetry,
      @DefaultValue("12h") Duration maxRetryInterval,
      @DefaultValue("3d") Duration giveUpAfter) {

    public DeliveryBackoff backoff() {
      return new DeliveryBackoff(firstRetry, maxRetryInterval, giveUpAfter);
    }
  }
}
