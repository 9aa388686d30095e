package io.settle.notifications.events;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code settle.events} for every app that reads or writes host-app events. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HostEventProperties.class)
class HostEventsConfiguration {}
