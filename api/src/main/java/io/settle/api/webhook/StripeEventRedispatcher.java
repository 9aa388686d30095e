package io.settle.api.webhook;

import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Delivers stored events that were not handed over (Temporal was unreachable, the database refused,
 * or the API stopped between storing and signalling), those due longest first, a bounded batch per
 * run. Each event waits out its own backoff after a failed try and is parked as DEAD after its last
 * one, so an event that keeps failing never holds up the others. Several API instances may run it
 * at once: each claims its own batch, and a signal sent twice is ignored by the workflow anyway.
 */
@Component
class StripeEventRedispatcher implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(StripeEventRedispatcher.class);

  private final StripeEventRepository events;
  private final StripeEventDispatcher dispatcher;
  private final WebhookProperties properties;
  private final Clock clock;

  StripeEventRedispatcher(
      StripeEventRepository events,
      StripeEventDispatcher dispatcher,
      WebhookProperties properties,
      Clock clock) {
    this.events = events;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::redispatch, properties.redispatchDelay());
  }

  /**
   * One run.
   *
   * @return how many events it handed over
   */
  int redispatch() {
    Instant now = clock.instant();
    List<StoredStripeEvent> claimed =
        events.claimDue(
            now,
            now.minus(properties.redispatchGrace()),
            now.plus(claimLease()),
            properties.redispatchBatchSize());
    int delivered = 0;
    for (StoredStripeEvent event : claimed) {
      if (dispatcher.redeliver(event) == StripeEventState.DISPATCHED) {
        delivered++;
      }
    }
    if (!claimed.isEmpty()) {
      log.info("Re-dispatched {} of {} stored Stripe event(s)", delivered, claimed.size());
    }
    return delivered;
  }

  /**
   * How long a claimed event is left to this run: the longest a whole batch can take when every
   * signal waits out its timeout. A run that dies leaves its events due again after it.
   */
  private Duration claimLease() {
    return properties.signalTimeout().multipliedBy(properties.redispatchBatchSize() + 1L);
  }
}
