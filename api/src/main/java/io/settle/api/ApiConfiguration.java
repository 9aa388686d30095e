package io.settle.api;

import io.settle.notifications.NotificationsConfiguration;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.StripeGatewayConfiguration;
import io.settle.stripe.gateway.StripeKeySource;
import io.settle.stripe.gateway.StripeKeySource.UnknownMerchantException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API's dependencies beyond the web layer: the store, and the Stripe gateway (used only to
 * verify a merchant's keys before they are saved). Kept off the application class so web slice
 * tests do not pull them in.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  PersistenceConfiguration.class,
  StripeGatewayConfiguration.class,
  NotificationsConfiguration.class
})
class ApiConfiguration {

  @Bean
  StripeKeySource stripeKeySource(MerchantRepository merchants) {
    return merchantId ->
        merchants
            .stripeSecretKey(merchantId)
            .orElseThrow(() -> new UnknownMerchantException(merchantId));
  }
}
