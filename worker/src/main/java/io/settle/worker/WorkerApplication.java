package io.settle.worker;

import io.settle.activities.ActivitiesConfiguration;
import io.settle.notifications.events.HostEventDeliveryConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Hosts Settle's Temporal workers. Run more of these to scale out. */
@SpringBootApplication
@Import({ActivitiesConfiguration.class, HostEventDeliveryConfiguration.class})
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerApplication {

  /**
   * The worker reads {@code settle-worker.yaml}, not {@code application.yaml}, so that it and the
   * API can share one classpath (the Run command, the system tests) and each still get its own
   * configuration.
   */
  public static final String CONFIG_NAME = "settle-worker";

  /** The worker as an application; everything that starts it goes through here. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
