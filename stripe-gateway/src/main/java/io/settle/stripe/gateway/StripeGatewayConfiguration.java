package io.settle.stripe.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.settle.stripe.gateway.banktransfer.StripeCashBalances;
import io.settle.stripe.gateway.checkout.StripeCheckout;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import io.settle.stripe.gateway.setup.StripeSetupIntents;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
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

  /** Shared through the app's database when it has one and the pacing is SHARED. */
  @Bean
  WritePacer stripeWritePacer(
      StripeProperties properties,
      ObjectProvider<DataSource> database,
      ObjectProvider<MeterRegistry> meters) {
    DataSource dataSource = database.getIfAvailable();
    WritePacer pacer =
        properties.writePacing() == StripeProperties.WritePacing.SHARED && dataSource != null
            ? WritePacer.shared(
                dataSource, properties.writeRatePerSecond(), properties.writeMaxWait())
            : WritePacer.local(properties.writeRatePerSecond(), properties.writeMaxWait());
    MeterRegistry registry = meters.getIfAvailable();
    return registry == null ? pacer : pacer.observedBy(registry);
  }

  @Bean
  StripeCalls stripeCalls(StripeClients clients, WritePacer pacer) {
    return new StripeCalls(clients, pacer);
  }

  @Bean
  StripePaymentGateway stripePaymentGateway(StripeClients clients, StripeCalls calls) {
    return new StripePaymentGateway(clients, calls);
  }

  @Bean
  StripeCustomers stripeCustomers(StripeCalls calls) {
    return new StripeCustomers(calls);
  }

  @Bean
  StripePaymentMethods stripePaymentMethods(StripeCalls calls) {
    return new StripePaymentMethods(calls);
  }

  @Bean
  StripeSetupIntents stripeSetupIntents(StripeCalls calls) {
    return new StripeSetupIntents(calls);
  }

  @Bean
  StripeCheckout stripeCheckout(StripeCalls calls) {
    return new StripeCheckout(calls);
  }

  @Bean
  StripeCashBalances stripeCashBalances(StripeCalls calls) {
    return new StripeCashBalances(calls);
  }

  @Bean
  StripeWebhookEndpoints stripeWebhookEndpoints(StripeCalls calls) {
    return new StripeWebhookEndpoints(calls);
  }
}
