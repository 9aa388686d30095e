package io.settle.notifications.template;

import io.settle.persistence.PersistenceConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Only the email templates, for the API, which edits and previews them but sends nothing (the rest
 * of {@link io.settle.notifications.NotificationsConfiguration} is the worker's).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import(PersistenceConfiguration.class)
public class TemplatesConfiguration {}
