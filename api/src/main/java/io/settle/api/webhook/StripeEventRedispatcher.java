package io.settle.api.webhook;

import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Delivers stored events that were not handed over (Temporal was unreachable, or the API stopped
 * between storing and signalling), oldest first, a bounded batch per run. Several API instances may
 * run it at once: a signal sent twice is ignored by the workflow.
 */
@Component
class StripeEventRedispatcher implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(StripeEventRedispatcher.class);

  private final StripeEventRepository events;
  private final StripeEventDispatcher dispatcher;
  private final WebhookProperties properties;

  StripeEventRedispatcher(
      StripeEventRepository events,
      StripeEventDispatcher dispatcher,
      WebhookProperties properties) {
    this.events = events;
    this.dispatcher = dispatcher;
    this.properties = properties;
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
    Instant cutoff = Instant.now().minus(properties.redispatchGrace());
    int delivered = 0;
    for (StoredStripeEvent event : events.undispatched(cutoff, properties.redispatchBatchSize())) {
      StripeEventState state = dispatcher.dispatch(event);
      if (state == StripeEventState.FAILED) {
        // Temporal is still out of reach; the rest would only wait out the same timeout.
        break;
      }
      if (state == StripeEventState.DISPATCHED) {
        delivered++;
      }
    }
    if (delivered > 0) {
      log.info("Re-dispatched {} stored Stripe event(s)", delivered);
    }
    return delivered;
  }
}
