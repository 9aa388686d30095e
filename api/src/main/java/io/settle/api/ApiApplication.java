package io.settle.api;

import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.StripeGatewayConfiguration;
import io.settle.stripe.gateway.StripeKeySource;
import io.settle.stripe.gateway.StripeKeySource.UnknownMerchantException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Settle's REST API: validates, authorizes, then reads MySQL or starts and asks workflows. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({PersistenceConfiguration.class, StripeGatewayConfiguration.class})
public class ApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }

  @Bean
  StripeKeySource stripeKeySource(MerchantRepository merchants) {
    return merchantId ->
        merchants
            .stripeSecretKey(merchantId)
            .orElseThrow(() -> new UnknownMerchantException(merchantId));
  }
}
