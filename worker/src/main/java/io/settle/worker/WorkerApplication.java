package io.settle.worker;

import io.settle.activities.ActivitiesConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Hosts Settle's Temporal workers. Run more of these to scale out. */
@SpringBootApplication
@Import(ActivitiesConfiguration.class)
public class WorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
