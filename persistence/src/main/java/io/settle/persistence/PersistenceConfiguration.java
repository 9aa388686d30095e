package io.settle.persistence;

import io.settle.persistence.merchant.CryptoProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Repositories and the credential cipher, for every app that reads or writes Settle's records. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(CryptoProperties.class)
public class PersistenceConfiguration {}
