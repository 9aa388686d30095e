package io.settle.api.customer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Customers' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustomerMappingProperties.class)
class CustomerConfiguration {}
