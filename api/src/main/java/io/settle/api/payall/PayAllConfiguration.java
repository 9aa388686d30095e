package io.settle.api.payall;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Customer payments' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayAllProperties.class)
class PayAllConfiguration {}
