package io.settle.notifications.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.notifications.template.NotificationTemplates;
import io.settle.persistence.notification.NotificationRepository;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** The mail relay, in the process that sends mail ({@code settle.mail.relay-enabled}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "settle.mail", name = "relay-enabled", havingValue = "true")
  MailRelay mailRelay(
      NotificationRepository outbox,
      NotificationTemplates templates,
      JavaMailSender sender,
      MailProperties properties,
      ObjectProvider<Clock> clock,
      ObjectProvider<MeterRegistry> meters) {
    return new MailRelay(
        outbox,
        templates,
        sender,
        properties,
        clock.getIfAvailable(Clock::systemUTC),
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }
}
