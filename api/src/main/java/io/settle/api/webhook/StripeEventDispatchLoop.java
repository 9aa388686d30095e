package io.settle.api.webhook;

import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands stored Stripe events to their workflows, off the request path: the inbox only verifies,
 * stores and answers, then nudges this loop. Each run claims a batch of due events with {@code FOR
 * UPDATE SKIP LOCKED} (new ones, and failed ones whose backoff is over), the oldest due first, and
 * hands them over {@link WebhookProperties#dispatchConcurrency()} at a time, each invoice's events
 * in the order they came. A full batch is followed at once by the next; otherwise the loop waits
 * for a nudge, or {@link WebhookProperties#redispatchDelay()} at most.
 *
 * <p>An event that fails waits out its own backoff and is parked as DEAD after its last try, so it
 * never holds up the others. Several API instances may run the loop at once: each claims its own
 * batch under a lease, and a signal sent twice is ignored by the workflow anyway.
 */
@Component
class StripeEventDispatchLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StripeEventDispatchLoop.class);

  private final StripeEventRepository events;
  private final StripeEventDispatcher dispatcher;
  private final WebhookProperties properties;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  StripeEventDispatchLoop(
      StripeEventRepository events,
      StripeEventDispatcher dispatcher,
      WebhookProperties properties,
      Clock clock) {
    this.events = events;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
  }

  /** A new event is stored: run now rather than at the next poll. */
  void nudge() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** What one run did: events claimed, and of those, handed over. */
  record Run(int claimed, int delivered) {}

  /** One run: claims a batch and hands it over. */
  Run dispatchDue() {
    Instant now = clock.instant();
    List<StoredStripeEvent> claimed =
        events.claimDue(
            now,
            now.minus(properties.redispatchGrace()),
            batch ->
                now.plus(
                    claimLease(
                        batch, properties.signalTimeout(), properties.dispatchConcurrency())),
            properties.redispatchBatchSize());
    if (claimed.isEmpty()) {
      return new Run(0, 0);
    }
    Queue<Long> delivered = new ConcurrentLinkedQueue<>();
    List<List<StoredStripeEvent>> inOrder = byTarget(claimed);
    if (inOrder.size() == 1 || properties.dispatchConcurrency() == 1) {
      inOrder.forEach(events -> deliver(events, delivered));
    } else {
      Semaphore permits = new Semaphore(properties.dispatchConcurrency());
      try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
        for (List<StoredStripeEvent> target : inOrder) {
          each.submit(
              () -> {
                permits.acquireUninterruptibly();
                try {
                  deliver(target, delivered);
                } finally {
                  permits.release();
                }
              });
        }
      }
    }
    // One statement for the whole batch's successes. Should this run die first, they are due again
    // after the lease and signalled twice, which each workflow ignores by event id.
    if (!delivered.isEmpty()) {
      events.markDispatched(List.copyOf(delivered), clock.instant());
    }
    log.debug("Handed over {} of {} stored Stripe event(s)", delivered.size(), claimed.size());
    return new Run(claimed.size(), delivered.size());
  }

  private void deliver(List<StoredStripeEvent> target, Queue<Long> delivered) {
    for (StoredStripeEvent event : target) {
      dispatcher.redeliver(event, delivered::add);
    }
  }

  /** The claimed events grouped by what they are about, each group in the store's order. */
  private static List<List<StoredStripeEvent>> byTarget(List<StoredStripeEvent> claimed) {
    Map<String, List<StoredStripeEvent>> groups = new LinkedHashMap<>();
    for (StoredStripeEvent event : claimed) {
      String key =
          event.merchantId() + ":" + (event.invoiceId() != null ? event.invoiceId() : "customers");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
    }
    return List.copyOf(groups.values());
  }

  /**
   * How long a claimed batch is left to this run: the longest it can take when every signal waits
   * out its timeout. Groups run {@code concurrency} at a time, each in order, so the batch ends
   * within its whole work shared out plus its longest group (and one timeout to spare). A run that
   * dies leaves its events due again after it: a batch of single events is due again in seconds,
   * not in the time a batch of one invoice's hundred events could take.
   */
  static Duration claimLease(
      List<StoredStripeEvent> batch, Duration signalTimeout, int concurrency) {
    int longestGroup = byTarget(batch).stream().mapToInt(List::size).max().orElse(0);
    int rounds = (batch.size() + concurrency - 1) / Math.max(1, concurrency);
    return signalTimeout.multipliedBy((long) rounds + longestGroup + 1);
  }

  private void loop() {
    while (running) {
      int claimed;
      try {
        claimed = dispatchDue().claimed();
      } catch (RuntimeException failed) {
        // The store itself failed (the database is down): wait, then try again.
        log.warn(
            "Could not claim stored Stripe events: {}", StripeEventDispatcher.describe(failed));
        claimed = 0;
      }
      if (claimed < properties.redispatchBatchSize()) {
        try {
          wake.tryAcquire(properties.redispatchDelay().toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("stripe-event-dispatch").start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      try {
        thread.join(properties.signalTimeout().multipliedBy(2).toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
