package io.settle.api.invoice;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The invoice feature's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TemporalUiProperties.class)
class InvoiceConfiguration {}
