package io.settle.notifications;

import io.settle.notifications.events.HostEventDeliveryConfiguration;
import io.settle.persistence.PersistenceConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * What tells people and the host app what happened: the email templates (edited through the API,
 * rendered by the worker), the mail relay that sends the outbox, and the host app's events.
 */
@Configuration(proxyBeanMethods = false)
// The host app's event delivery runs in the worker only, which imports it; the API must not.
@ComponentScan(
    excludeFilters =
        @ComponentScan.Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = HostEventDeliveryConfiguration.class))
@Import(PersistenceConfiguration.class)
public class NotificationsConfiguration {}
