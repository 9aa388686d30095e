package io.settle.stripe.gateway;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's beans for any app that has a {@link StripeKeySource}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StripeProperties.class)
public class StripeGatewayConfiguration {

  @Bean
  StripeClients stripeClients(StripeProperties properties, StripeKeySource keys) {
    return new StripeClients(properties, keys);
  }

  @Bean
  StripePaymentGateway stripePaymentGateway(StripeClients clients) {
    return new StripePaymentGateway(clients);
  }
}
