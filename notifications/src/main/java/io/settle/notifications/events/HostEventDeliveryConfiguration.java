package io.settle.notifications.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpointRepository;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's side of the host app's events: the delivery loop and its metrics. */
@Configuration(proxyBeanMethods = false)
public class HostEventDeliveryConfiguration {

  @Bean
  EventDeliveryLoop eventDeliveryLoop(
      EventDeliveryRepository deliveries,
      EventEndpointRepository endpoints,
      HostEventProperties properties,
      MeterRegistry meters) {
    return new EventDeliveryLoop(deliveries, endpoints, properties, meters);
  }

  /**
   * {@code settle_outbox_oldest_unsent_seconds{outbox="events"}}: how long the oldest delivery not
   * yet delivered or given up has waited. Read from the table at each scrape, so every worker
   * reports the same; a number that keeps growing means deliveries are stuck.
   */
  @Bean
  MeterBinder oldestUnsentEvent(EventDeliveryRepository deliveries) {
    return registry ->
        Gauge.builder(
                "settle.outbox.oldest.unsent.seconds",
                deliveries,
                d -> d.oldestPendingAge(Instant.now()).toMillis() / 1000.0)
            .description("Age of the oldest outbox row not yet sent")
            .tag("outbox", "events")
            .register(registry);
  }
}
