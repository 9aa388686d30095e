package io.settle.api;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock the API's rules read (a rolled webhook secret's expiry, redelivery backoff,
 * idempotency key retention), so that a rule's two ends never disagree and tests can fix or move
 * time. Web slice tests import it, or declare their own {@code Clock}.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
