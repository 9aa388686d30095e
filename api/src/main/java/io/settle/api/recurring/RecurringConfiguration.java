package io.settle.api.recurring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Recurring invoices and the daily collection run, on Temporal Schedules when there are any. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulesProperties.class)
class RecurringConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RecurringConfiguration.class);

  RecurringConfiguration(SchedulesProperties schedules) {
    if (!schedules.enabled()) {
      log.warn(
          "Schedules are off: this Temporal has none (Temporal's in-process server). Recurring"
              + " invoices and the daily collection run answer 503; install the Temporal CLI"
              + " (bin/run does, with Go) to turn them on.");
    }
  }
}
