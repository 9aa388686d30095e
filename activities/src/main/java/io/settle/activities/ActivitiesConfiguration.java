package io.settle.activities;

import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.StripeGatewayConfiguration;
import io.settle.stripe.gateway.StripeKeySource;
import io.settle.stripe.gateway.StripeKeySource.UnknownMerchantException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every activity implementation and what it needs: the store and the Stripe gateway. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import({PersistenceConfiguration.class, StripeGatewayConfiguration.class})
public class ActivitiesConfiguration {

  @Bean
  StripeKeySource stripeKeySource(MerchantRepository merchants) {
    return merchantId ->
        merchants
            .stripeSecretKey(merchantId)
            .orElseThrow(() -> new UnknownMerchantException(merchantId));
  }
}
