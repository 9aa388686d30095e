package io.settle.stripe.gateway;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each merchant's writes under Stripe's rate limit, so a burst of due invoices runs at the
 * limit instead of into 429s. One token bucket per merchant (Bucket4j) that holds a single turn and
 * refills it every {@code 1 / (rate × HEADROOM)} seconds: writes leave evenly spaced, so no
 * one-second window ever holds more than the rate, even when network delays bunch them up a little
 * on the way (a bucket as deep as the rate would let twice the rate through in the second after an
 * idle one). A write that cannot get a turn within the maximum wait fails as retryable, and
 * Temporal tries again later with the same key.
 */
public class WritePacer {

  /** Settle's own code on a write that never reached Stripe because its turn did not come. */
  public static final String PACING_CODE = "settle_write_pacing";

  /** The share of the limit Settle uses; the rest absorbs jitter between here and Stripe. */
  static final double HEADROOM = 0.9;

  private final Duration interval;
  private final Duration maxWait;
  private final TimeMeter time;
  private final BlockingStrategy waiting;
  private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

  public WritePacer(int ratePerSecond, Duration maxWait) {
    this(ratePerSecond, maxWait, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
  }

  /** With a time source and a way of waiting of the caller's choosing: tests pass a fake clock. */
  WritePacer(int ratePerSecond, Duration maxWait, TimeMeter time, BlockingStrategy waiting) {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException("rate must be at least 1 per second");
    }
    this.interval = Duration.ofNanos(Math.round(1e9 / (ratePerSecond * HEADROOM)));
    this.maxWait = maxWait;
    this.time = time;
    this.waiting = waiting;
  }

  public static WritePacer of(StripeProperties properties) {
    return new WritePacer(properties.writeRatePerSecond(), properties.writeMaxWait());
  }

  /**
   * Blocks until the merchant may write, at most the maximum wait.
   *
   * @throws GatewayException RETRYABLE when the turn did not come in time, or the wait was
   *     interrupted
   */
  public void awaitTurn(long merchantId) {
    boolean granted;
    try {
      granted = bucketOf(merchantId).asBlocking().tryConsume(1, maxWait, waiting);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(
          GatewayException.Kind.RETRYABLE,
          "interrupted while waiting to write to Stripe",
          PACING_CODE,
          null,
          null,
          e);
    }
    if (!granted) {
      throw new GatewayException(
          GatewayException.Kind.RETRYABLE,
          "merchant " + merchantId + " is at its Stripe write rate; try again shortly",
          PACING_CODE,
          null,
          null,
          null);
    }
  }

  /** Takes a turn only if one is free now: for callers that would rather do something else. */
  public boolean tryTurn(long merchantId) {
    return bucketOf(merchantId).tryConsume(1);
  }

  /** The time between two writes of one merchant. */
  Duration interval() {
    return interval;
  }

  private Bucket bucketOf(long merchantId) {
    return buckets.computeIfAbsent(
        merchantId,
        id ->
            Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, interval))
                .withCustomTimePrecision(time)
                .build());
  }
}
