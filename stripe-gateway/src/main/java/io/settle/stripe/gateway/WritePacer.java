package io.settle.stripe.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.mysql.Bucket4jMySQL;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Keeps each merchant's writes under Stripe's rate limit, so a burst of due invoices runs at the
 * limit instead of into 429s. One token bucket per merchant (Bucket4j) that holds a single turn and
 * refills it every {@code 1 / (rate × HEADROOM)} seconds: writes leave evenly spaced, so no
 * one-second window ever holds more than the rate, even when network delays bunch them up a little
 * on the way (a bucket as deep as the rate would let twice the rate through in the second after an
 * idle one). A write that cannot get a turn within the maximum wait fails as retryable, and
 * Temporal tries again later with the same key.
 *
 * <p>Stripe's limit is the account's, whichever process writes, so the bucket is {@linkplain
 * #shared shared}: its state lives in Settle's own MySQL ({@code stripe_write_bucket}, Bucket4j's
 * JDBC proxy manager, a row locked with {@code SELECT ... FOR UPDATE} per turn), and two workers
 * and the API together keep one merchant's pace. Temporal's task-queue rate limits would pace a
 * queue, not a merchant: one merchant's wave would hold back every other's. A {@linkplain #local
 * local} bucket serves a single process (the Run command).
 */
public class WritePacer {

  /** Settle's own code on a write that never reached Stripe because its turn did not come. */
  public static final String PACING_CODE = "settle_write_pacing";

  /**
   * The share of the limit Settle uses; the rest absorbs jitter between here and Stripe, whose
   * windows a write may reach a little late and bunched with the next one.
   */
  static final double HEADROOM = 0.95;

  private final Duration interval;
  private final Duration maxWait;
  private final BlockingStrategy waiting;
  private final Function<Long, Bucket> bucketOf;
  private final Timer granted;
  private final Timer refused;

  /** A bucket per merchant in this process's memory. */
  public static WritePacer local(int ratePerSecond, Duration maxWait) {
    return new WritePacer(
        ratePerSecond, maxWait, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
  }

  /** A bucket per merchant in the database, shared by every process that writes to Stripe. */
  public static WritePacer shared(DataSource dataSource, int ratePerSecond, Duration maxWait) {
    ProxyManager<Long> buckets =
        Bucket4jMySQL.selectForUpdateBasedBuilder(dataSource)
            .table("stripe_write_bucket")
            .idColumn("id")
            .stateColumn("state")
            // Every process's clock, not the database's: one machine's clocks, or NTP's.
            .clientClock(TimeMeter.SYSTEM_MILLISECONDS)
            .build();
    Duration interval = intervalFor(ratePerSecond);
    BucketConfiguration configuration =
        BucketConfiguration.builder().addLimit(turn(interval)).build();
    return new WritePacer(
        interval,
        maxWait,
        BlockingStrategy.PARKING,
        merchantId -> buckets.builder().build(merchantId, () -> configuration),
        new SimpleMeterRegistry());
  }

  /** With a time source and a way of waiting of the caller's choosing: tests pass a fake clock. */
  WritePacer(int ratePerSecond, Duration maxWait, TimeMeter time, BlockingStrategy waiting) {
    this(
        intervalFor(ratePerSecond),
        maxWait,
        waiting,
        localBuckets(intervalFor(ratePerSecond), time),
        new SimpleMeterRegistry());
  }

  private WritePacer(
      Duration interval,
      Duration maxWait,
      BlockingStrategy waiting,
      Function<Long, Bucket> bucketOf,
      MeterRegistry meters) {
    this.interval = interval;
    this.maxWait = maxWait;
    this.waiting = waiting;
    this.bucketOf = bucketOf;
    this.granted = waitTimer(meters, "granted");
    this.refused = waitTimer(meters, "timed_out");
  }

  /**
   * The same pacer, reporting {@code settle_stripe_write_wait_seconds{outcome}} to {@code meters}:
   * how long each write waited for its turn ({@code granted}), or waited in vain ({@code
   * timed_out}). A month-end wave shows here as the wait grows towards the maximum.
   */
  public WritePacer observedBy(MeterRegistry meters) {
    return new WritePacer(interval, maxWait, waiting, bucketOf, meters);
  }

  private static Timer waitTimer(MeterRegistry meters, String outcome) {
    return Timer.builder("settle.stripe.write.wait")
        .description("How long a Stripe write waited for the merchant's turn under the rate limit")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(meters);
  }

  private static Duration intervalFor(int ratePerSecond) {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException("rate must be at least 1 per second");
    }
    return Duration.ofNanos(Math.round(1e9 / (ratePerSecond * HEADROOM)));
  }

  private static Function<Long, Bucket> localBuckets(Duration interval, TimeMeter time) {
    Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    return merchantId ->
        buckets.computeIfAbsent(
            merchantId,
            id -> Bucket.builder().addLimit(turn(interval)).withCustomTimePrecision(time).build());
  }

  /** One turn, given back every interval: writes leave evenly spaced. */
  private static Bandwidth turn(Duration interval) {
    return Bandwidth.builder().capacity(1).refillGreedy(1, interval).build();
  }

  /**
   * Blocks until the merchant may write, at most the maximum wait.
   *
   * @throws GatewayException RETRYABLE when the turn did not come in time, or the wait was
   *     interrupted
   */
  public void awaitTurn(long merchantId) {
    boolean granted;
    long started = System.nanoTime();
    try {
      granted = bucketOf(merchantId).asBlocking().tryConsume(1, maxWait, waiting);
      (granted ? this.granted : refused).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
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
    return bucketOf.apply(merchantId);
  }
}
