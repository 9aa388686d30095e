package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.EvenSpread;
import io.settle.stripe.simulator.state.Simulation;
import io.settle.stripe.simulator.state.Timers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to webhook endpoints as Stripe does: a signed JSON POST per subscribed endpoint, in
 * the background, retried on a non-2xx answer or a connection failure after each delay of {@link
 * #RETRY_SCHEDULE} (in simulated time, so a test advances the clock to make a retry happen).
 *
 * <p>Deliveries can be held (queued, not sent) so a test can then send chosen events in the order
 * it wants, duplicates included, to exercise a receiver against out-of-order and repeated events.
 * For chaos runs, {@link WebhookFaults} drop, duplicate or hold back a share of the automatic
 * deliveries; what a test sends itself ({@link #sendInOrder}) is never faulted.
 */
public final class WebhookDispatcher implements Simulation.EventSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  /**
   * Delays before each retry. Stripe retries for up to three days; the simulator keeps the same
   * shape but short, so a whole schedule passes in one advance of a few hours.
   */
  public static final List<Duration> RETRY_SCHEDULE =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2));

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor).build();
  private final Clock clock;
  private final Timers timers;
  // Stripe signs with the moment it sends, and receivers check it against their own clock; so the
  // signature uses real time even when simulated time has been advanced.
  private final Clock signingClock = Clock.systemUTC();
  // Real time, as the reorder delay is: a chaos run's events overtake each other while it runs.
  private final ScheduledExecutorService delays =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("stripe-simulator-webhook-delays").factory());
  // The fields below are guarded by this.
  private final List<Delivery> held = new ArrayList<>();
  private boolean holding;
  private WebhookFaults faults = WebhookFaults.NONE;
  private EvenSpread drops = new EvenSpread(0);
  private EvenSpread duplicates = new EvenSpread(0);
  private EvenSpread reorders = new EvenSpread(0);
  private WebhookFaults.Counts counts = WebhookFaults.Counts.NONE;
  private int dropNext;
  private String dropNextType;
  private final List<DroppedWebhook> dropped = new ArrayList<>();
  // Deliveries a reorder fault holds back, by a ticket the timer that sends them redeems.
  private final Map<Long, Delivery> heldBack = new LinkedHashMap<>();
  private long tickets;

  public WebhookDispatcher(Clock clock, Timers timers) {
    this.clock = clock;
    this.timers = timers;
  }

  @Override
  public void published(Account account, String eventId) {
    Event event = account.store(Event.class).find(eventId).orElseThrow();
    List<String> endpoints = event.deliveries().endpoints();
    if (endpoints.isEmpty()) {
      return;
    }
    Fate fate = fateOf(account, event);
    if (fate.dropped()) {
      return;
    }
    for (String endpointId : endpoints) {
      Delivery delivery = new Delivery(account, event, endpointId, 0, true, fate.duplicated());
      if (fate.reorderedBy() != null) {
        holdBack(delivery, fate.reorderedBy());
      } else {
        send(delivery);
      }
    }
  }

  /** What the faults do to one event: one decision for all its endpoints. */
  private record Fate(boolean dropped, boolean duplicated, Duration reorderedBy) {}

  private synchronized Fate fateOf(Account account, Event event) {
    if (dropNext > 0 && (dropNextType == null || dropNextType.equals(event.type()))) {
      // Counted drops come first and leave the shares alone: an exact number of lost events.
      dropNext--;
      return drop(account, event);
    }
    if (drops.pick()) {
      // The event counts for the other shares too; one due now waits for the next event.
      duplicates.pick(false);
      reorders.pick(false);
      return drop(account, event);
    }
    boolean duplicated = duplicates.pick();
    boolean reordered = reorders.pick();
    counts =
        new WebhookFaults.Counts(
            counts.dropped(),
            counts.duplicated() + (duplicated ? 1 : 0),
            counts.reordered() + (reordered ? 1 : 0));
    return new Fate(false, duplicated, reordered ? faults.reorderDelay() : null);
  }

  private Fate drop(Account account, Event event) {
    dropped.add(DroppedWebhook.of(account, event));
    counts =
        new WebhookFaults.Counts(counts.dropped() + 1, counts.duplicated(), counts.reordered());
    log.debug("Webhook fault: {} {} dropped", event.type(), event.id());
    return new Fate(true, false, null);
  }

  /**
   * Drops exactly the next {@code count} events of {@code type} (any type when null) that have an
   * endpoint to go to, before any share applies; listed as dropped like the others. New {@link
   * #faults(WebhookFaults) settings} forget what is left of it.
   */
  public synchronized void dropNext(int count, String type) {
    if (count < 0) {
      throw new IllegalArgumentException("drop_next must not be negative, not " + count);
    }
    dropNext = count;
    dropNextType = type;
  }

  private void holdBack(Delivery delivery, Duration delay) {
    long ticket;
    synchronized (this) {
      ticket = ++tickets;
      heldBack.put(ticket, delivery);
    }
    delays.schedule(() -> sendHeldBack(ticket), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sendHeldBack(long ticket) {
    Delivery delivery;
    synchronized (this) {
      delivery = heldBack.remove(ticket);
    }
    // Gone if sent already: faults were cleared, the test sent the event itself, or a reset.
    if (delivery != null) {
      send(delivery);
    }
  }

  /**
   * Drops, duplicates and holds back shares of the automatic deliveries from now on, replacing any
   * faults set before; counts and the dropped list go on.
   */
  public synchronized void faults(WebhookFaults faults) {
    this.faults = faults;
    dropNext = 0;
    dropNextType = null;
    drops = new EvenSpread(faults.dropFraction());
    duplicates = new EvenSpread(faults.duplicateFraction());
    reorders = new EvenSpread(faults.reorderFraction());
  }

  public synchronized WebhookFaults faults() {
    return faults;
  }

  public synchronized WebhookFaults.Counts faultCounts() {
    return counts;
  }

  /** Events dropped so far, in the order they happened. */
  public synchronized List<DroppedWebhook> dropped() {
    return List.copyOf(dropped);
  }

  /**
   * Turns the faults off and sends the deliveries still held back now, so nothing is left in
   * flight; what was dropped stays dropped and listed.
   */
  public void clearFaults() {
    List<Delivery> release;
    synchronized (this) {
      faults(WebhookFaults.NONE);
      release = List.copyOf(heldBack.values());
      heldBack.clear();
    }
    release.forEach(this::send);
  }

  /** Queues new deliveries instead of sending them, until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Sends every held delivery, in the order the events happened, and stops holding. */
  public void release() {
    List<Delivery> queued;
    synchronized (this) {
      holding = false;
      queued = List.copyOf(held);
      held.clear();
    }
    queued.forEach(this::send);
  }

  /**
   * Sends the given events one after another, each to every endpoint now subscribed to it, waiting
   * for one delivery to finish before the next begins so the receiver sees exactly this order. An
   * event held for delivery, or held back by a reorder fault, is taken out of the hold. Also how an
   * event is sent again (duplicated).
   */
  public void sendInOrder(List<AccountEvent> events) {
    List<Delivery> deliveries = new ArrayList<>();
    synchronized (this) {
      for (AccountEvent each : events) {
        held.removeIf(d -> d.event().id().equals(each.event().id()));
        heldBack.values().removeIf(d -> d.event().id().equals(each.event().id()));
        for (String endpointId :
            WebhookEndpoints.subscribedTo(each.account(), each.event().type())) {
          deliveries.add(new Delivery(each.account(), each.event(), endpointId, 0, false, false));
        }
      }
    }
    executor.execute(
        () -> {
          for (Delivery delivery : deliveries) {
            attempt(delivery);
          }
        });
  }

  /** An event and the account it belongs to. */
  public record AccountEvent(Account account, Event event) {}

  /** Forgets held deliveries, faults, their counts and the dropped list. */
  public synchronized void clear() {
    held.clear();
    holding = false;
    faults(WebhookFaults.NONE);
    heldBack.clear();
    counts = WebhookFaults.Counts.NONE;
    dropped.clear();
  }

  @Override
  public void close() {
    delays.shutdownNow();
    executor.shutdownNow();
  }

  private void send(Delivery delivery) {
    synchronized (this) {
      if (holding) {
        held.add(delivery);
        return;
      }
    }
    executor.execute(() -> attempt(delivery));
  }

  private void attempt(Delivery delivery) {
    WebhookEndpoint endpoint =
        delivery.account().store(WebhookEndpoint.class).find(delivery.endpointId()).orElse(null);
    if (endpoint == null || !WebhookEndpoint.ENABLED.equals(endpoint.status())) {
      return;
    }
    String payload = new String(Json.write(delivery.event()), StandardCharsets.UTF_8);
    boolean delivered = post(endpoint, payload);
    delivery.event().deliveries().attempted(endpoint.id(), delivered);
    if (delivery.duplicated()) {
      // Right after the first, whatever it was answered: Stripe's at-least-once delivery.
      boolean again = post(endpoint, payload);
      delivery.event().deliveries().attempted(endpoint.id(), again);
    }
    if (delivered || !delivery.retried() || delivery.attempt() >= RETRY_SCHEDULE.size()) {
      return;
    }
    Duration delay = RETRY_SCHEDULE.get(delivery.attempt());
    timers.at(clock.instant().plus(delay), () -> send(delivery.next()));
  }

  private boolean post(WebhookEndpoint endpoint, String payload) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint.url()))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .header(
                  "Stripe-Signature",
                  WebhookSignature.header(
                      payload, endpoint.signingSecret(), signingClock.instant().getEpochSecond()))
              .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      log.debug("Webhook to {} answered {}", endpoint.url(), status);
      return status >= 200 && status < 300;
    } catch (IOException | IllegalArgumentException e) {
      log.debug("Webhook to {} failed: {}", endpoint.url(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * One try at sending an event to an endpoint; {@code retried} is false for manual sends, {@code
   * duplicated} sends it twice (a retry is sent once).
   */
  private record Delivery(
      Account account,
      Event event,
      String endpointId,
      int attempt,
      boolean retried,
      boolean duplicated) {

    Delivery next() {
      return new Delivery(account, event, endpointId, attempt + 1, retried, false);
    }
  }
}
