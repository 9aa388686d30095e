package io.settle.notifications.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.settle.notifications.events.EndpointAddresses.RefusedEndpoint;
import io.settle.persistence.event.DueDelivery;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpoint;
import io.settle.persistence.event.EventEndpointRepository;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends the host app's events, in the worker. Each run claims due deliveries with {@code FOR UPDATE
 * SKIP LOCKED} under a lease (so two workers never send the same row at once), only the earliest
 * pending one of each invoice per endpoint (so an invoice's events arrive in order), sends each
 * signed, and records what came of it: DELIVERED on a 2xx, otherwise due again on the backoff, or
 * FAILED for good once it has run out. A worker that dies mid-send leaves its rows due again when
 * the lease ends: delivery is at least once, and receivers dedupe by the event's id.
 */
public class EventDeliveryLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventDeliveryLoop.class);

  private final EventDeliveryRepository deliveries;
  private final EventEndpointRepository endpoints;
  private final HostEventProperties.Delivery settings;
  private final DeliveryBackoff backoff;
  private final EndpointAddresses addresses;
  private final EventSender sender;
  private final Counter delivered;
  private final Counter failedAttempt;
  private final Counter gaveUp;

  /** One permit per sender: {@code batchSize} deliveries are in flight at most. */
  private final Semaphore senders;

  private volatile ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running;
  private Thread thread;

  EventDeliveryLoop(
      EventDeliveryRepository deliveries,
      EventEndpointRepository endpoints,
      HostEventProperties properties,
      MeterRegistry meters) {
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.settings = properties.delivery();
    this.backoff = settings.backoff();
    this.addresses = new EndpointAddresses(properties.allowPrivateEndpoints());
    this.sender = new EventSender(settings.connectTimeout(), settings.readTimeout());
    this.delivered = outcome(meters, "delivered");
    this.failedAttempt = outcome(meters, "failed_attempt");
    this.gaveUp = outcome(meters, "gave_up");
    this.senders = new Semaphore(Math.max(1, settings.batchSize()));
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("settle.event.deliveries")
        .description("Attempts to deliver an event to the host app, by what came of them")
        .tag("outcome", outcome)
        .register(meters);
  }

  /**
   * One run: claims as many due deliveries as there are free senders and hands each to one, on its
   * own virtual thread, without waiting for them. A slow endpoint holds one sender for up to its
   * timeouts, not a whole batch: the other senders go on with other endpoints' deliveries.
   *
   * @return how many deliveries it claimed
   */
  public int deliverDue() {
    int free = senders.availablePermits();
    if (free == 0) {
      return 0;
    }
    Instant now = Instant.now();
    List<DueDelivery> due = deliveries.claimDue(now, now.plus(lease()), free);
    for (DueDelivery delivery : due) {
      senders.acquireUninterruptibly();
      try {
        sending.submit(
            () -> {
              try {
                deliver(delivery);
              } finally {
                senders.release();
              }
            });
      } catch (RejectedExecutionException stopping) {
        // The loop is stopping: the row stays claimed and is due again when its lease ends.
        senders.release();
      }
    }
    return due.size();
  }

  /** Whether every sender is busy. */
  boolean busy() {
    return senders.availablePermits() == 0;
  }

  /** Long enough for every claimed row to be sent once, each waiting out its timeouts. */
  private Duration lease() {
    Duration one = settings.connectTimeout().plus(settings.readTimeout());
    Duration whole = one.multipliedBy(2);
    return whole.compareTo(settings.lease()) > 0 ? whole : settings.lease();
  }

  private void deliver(DueDelivery delivery) {
    try {
      Optional<EventEndpoint> endpoint = endpoints.findById(delivery.endpointId());
      if (endpoint.isEmpty() || endpoint.get().deletedAt() != null) {
        giveUp(delivery, null, "endpoint deleted");
        return;
      }
      URI url;
      try {
        url = addresses.check(endpoint.get().url());
      } catch (RefusedEndpoint refused) {
        failed(delivery, null, "refused: " + refused.getMessage());
        return;
      }
      Instant now = Instant.now();
      EventSender.Attempt attempt =
          sender.send(
              url,
              endpoints.secretOf(endpoint.get()),
              delivery.eventPublicId(),
              delivery.payload(),
              now);
      if (attempt == null) {
        return;
      }
      if (attempt.delivered()) {
        deliveries.delivered(delivery.id(), attempt.responseCode(), Instant.now());
        delivered.increment();
      } else {
        failed(delivery, attempt.responseCode(), attempt.error());
      }
    } catch (RuntimeException broken) {
      // The store failed mid-way: the row stays claimed and is due again when its lease ends.
      log.warn("could not deliver event delivery {}: {}", delivery.id(), broken.toString());
    }
  }

  private void failed(DueDelivery delivery, Integer code, String error) {
    Instant now = Instant.now();
    Optional<Instant> next =
        backoff.nextAttempt(
            delivery.attempts() + 1, delivery.retrySince().toInstant(ZoneOffset.UTC), now);
    if (next.isEmpty()) {
      giveUp(delivery, code, error);
      return;
    }
    deliveries.failed(delivery.id(), code, error, next, now);
    failedAttempt.increment();
    log.info(
        "event {} ({}) to endpoint {}: attempt {} failed ({}); next at {}",
        delivery.eventPublicId(),
        delivery.eventType(),
        delivery.endpointId(),
        delivery.attempts() + 1,
        error,
        next.get());
  }

  private void giveUp(DueDelivery delivery, Integer code, String error) {
    deliveries.failed(delivery.id(), code, error, Optional.empty(), Instant.now());
    gaveUp.increment();
    log.warn(
        "event {} ({}) to endpoint {}: given up after {} attempt(s) ({})",
        delivery.eventPublicId(),
        delivery.eventType(),
        delivery.endpointId(),
        delivery.attempts() + 1,
        error);
  }

  private void loop() {
    while (running) {
      try {
        if (busy()) {
          // Every sender is out: go on as soon as one is back (or at the next poll).
          if (senders.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            senders.release();
          }
          continue;
        }
        int free = senders.availablePermits();
        int claimed;
        try {
          claimed = deliverDue();
        } catch (RuntimeException failed) {
          log.warn("could not claim event deliveries: {}", failed.toString());
          claimed = 0;
        }
        if (claimed < free) {
          TimeUnit.MILLISECONDS.sleep(settings.pollInterval().toMillis());
        }
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void start() {
    if (running || !settings.enabled()) {
      return;
    }
    running = true;
    if (sending.isShutdown()) {
      sending = Executors.newVirtualThreadPerTaskExecutor();
    }
    thread = Thread.ofPlatform().daemon().name("host-event-delivery").start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    Thread stopping = thread;
    Duration oneSend = settings.readTimeout().plus(settings.connectTimeout());
    if (stopping != null) {
      stopping.interrupt();
      try {
        stopping.join(oneSend.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    // The deliveries in flight finish (each within its timeouts) and record what came of them.
    sending.shutdown();
    try {
      sending.awaitTermination(oneSend.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
