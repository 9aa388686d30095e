package io.settle.api.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The webhook inbox's settings, scheduling, and its metric. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

  /**
   * {@code settle_webhook_events_dead}: events, across merchants, that ran out of tries and wait
   * for an operator. Read from the table at each scrape, so every API instance reports the same
   * number; anything above zero is worth an alert.
   */
  @Bean
  MeterBinder deadWebhookEvents(StripeEventRepository events) {
    return registry ->
        Gauge.builder(
                "settle.webhook.events.dead", events, e -> e.countByState(StripeEventState.DEAD))
            .description("Stored Stripe events parked as DEAD after their last attempt")
            .register(registry);
  }
}
