package io.settle.api.idempotency;

import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** {@code Idempotency-Key} support: the filter, its settings, and scheduling for its cleanup. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyConfiguration {

  /**
   * Right after Spring Security's filter chain, so the {@code Caller} is known and requests that
   * are refused 401/403 never reach the key store.
   */
  @Bean
  FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(
      IdempotencyKeyRepository keys, SecurityFilterProperties securityFilter, Clock clock) {
    var registration = new FilterRegistrationBean<>(new IdempotencyKeyFilter(keys, clock));
    registration.setOrder(securityFilter.getOrder() + 1);
    registration.addUrlPatterns("/api/v1/*");
    return registration;
  }
}
