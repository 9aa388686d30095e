package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.state.Account;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to webhook endpoints as Stripe does: a signed JSON POST per subscribed endpoint, in
 * the background, retried on a non-2xx answer or a connection failure after each delay of {@link
 * #RETRY_SCHEDULE} (in simulated time, so a test advances the clock to make a retry happen).
 *
 * <p>Deliveries can be held (queued, not sent) so a test can then send chosen events in the order
 * it wants, duplicates included, to exercise a receiver against out-of-order and repeated events.
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
  private final List<Delivery> held = new ArrayList<>();
  private boolean holding;

  public WebhookDispatcher(Clock clock, Timers timers) {
    this.clock = clock;
    this.timers = timers;
  }

  @Override
  public void published(Account account, String eventId) {
    Event event = account.store(Event.class).find(eventId).orElseThrow();
    for (String endpointId : event.deliveries().endpoints()) {
      send(new Delivery(account, event, endpointId, 0, true));
    }
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
   * event held for delivery is taken out of the hold. Also how an event is sent again (duplicated).
   */
  public void sendInOrder(List<AccountEvent> events) {
    List<Delivery> deliveries = new ArrayList<>();
    synchronized (this) {
      for (AccountEvent each : events) {
        held.removeIf(d -> d.event().id().equals(each.event().id()));
        for (String endpointId :
            WebhookEndpoints.subscribedTo(each.account(), each.event().type())) {
          deliveries.add(new Delivery(each.account(), each.event(), endpointId, 0, false));
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

  public synchronized void clear() {
    held.clear();
    holding = false;
  }

  @Override
  public void close() {
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

  /** One try at sending an event to an endpoint; {@code retried} is false for manual sends. */
  private record Delivery(
      Account account, Event event, String endpointId, int attempt, boolean retried) {

    Delivery next() {
      return new Delivery(account, event, endpointId, attempt + 1, retried);
    }
  }
}
