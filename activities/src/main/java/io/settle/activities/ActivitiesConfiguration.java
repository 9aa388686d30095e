package io.settle.activities;

import io.settle.activities.notify.NotificationProperties;
import io.settle.activities.reconcile.ReconciliationProperties;
import io.settle.notifications.NotificationsConfiguration;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.StripeGatewayConfiguration;
import io.settle.stripe.gateway.StripeKeySource;
import io.settle.stripe.gateway.StripeKeySource.UnknownMerchantException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every activity implementation and what it needs: the store, the Stripe gateway, and where payment
 * links point.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import({
  PersistenceConfiguration.class,
  StripeGatewayConfiguration.class,
  NotificationsConfiguration.class
})
@EnableConfigurationProperties({NotificationProperties.class, ReconciliationProperties.class})
public class ActivitiesConfiguration {

  @Bean
  StripeKeySource stripeKeySource(MerchantRepository merchants) {
    return merchantId ->
        merchants
            .stripeSecretKey(merchantId)
            .orElseThrow(() -> new UnknownMerchantException(merchantId));
  }
}
