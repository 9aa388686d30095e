package io.settle.stripe.gateway;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Settle reaches Stripe.
 *
 * @param apiBase Stripe's API base; tests and the Run command point it at the simulator or at
 *     stripe-mock
 * @param connectTimeout TCP connect timeout per request
 * @param readTimeout read timeout per request; a charge that times out is resolved by lookup
 * @param maxNetworkRetries stripe-java's own retries. Zero by default: Temporal retries the
 *     activity with the same idempotency key, and two retry engines would multiply attempts
 * @param writeRatePerSecond writes per second per merchant. 25 is Stripe's test-mode limit; live
 *     mode allows 100. Kept by every process together with {@code SHARED} pacing
 * @param writeMaxWait how long a write may wait for its turn before it fails as retryable (it waits
 *     inside a Temporal activity, so keep it well under the activity's timeout)
 * @param writePacing {@code SHARED} (the default): one bucket per merchant in Settle's database, so
 *     the workers and the API together keep the rate; {@code LOCAL}: a bucket in each process, for
 *     a single process (the Run command) or an app without Settle's database
 */
@ConfigurationProperties("settle.stripe")
public record StripeProperties(
    @DefaultValue("https://api.stripe.com") String apiBase,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("0") int maxNetworkRetries,
    @DefaultValue("25") int writeRatePerSecond,
    @DefaultValue("10s") Duration writeMaxWait,
    @DefaultValue("SHARED") WritePacing writePacing) {

  /** Where a merchant's write pace is kept: see {@link WritePacer}. */
  public enum WritePacing {
    SHARED,
    LOCAL
  }

  public StripeProperties {
    Objects.requireNonNull(apiBase, "settle.stripe.api-base");
    requirePositive(connectTimeout, "settle.stripe.connect-timeout");
    requirePositive(readTimeout, "settle.stripe.read-timeout");
    Objects.requireNonNull(writeMaxWait, "settle.stripe.write-max-wait");
    Objects.requireNonNull(writePacing, "settle.stripe.write-pacing");
    if (writeMaxWait.isNegative()) {
      throw new IllegalArgumentException("settle.stripe.write-max-wait must not be negative");
    }
    if (maxNetworkRetries < 0) {
      throw new IllegalArgumentException("settle.stripe.max-network-retries must be 0 or more");
    }
    if (writeRatePerSecond < 1) {
      throw new IllegalArgumentException("settle.stripe.write-rate-per-second must be 1 or more");
    }
  }

  /** The defaults, pointed at {@code apiBase}: for tests and the simulator. */
  public static StripeProperties at(String apiBase) {
    return new StripeProperties(
        apiBase,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        0,
        25,
        Duration.ofSeconds(10),
        WritePacing.LOCAL);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    if (duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is too long");
    }
  }
}
