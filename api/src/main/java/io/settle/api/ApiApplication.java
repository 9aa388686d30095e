package io.settle.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Settle's REST API: validates, authorizes, then reads MySQL or starts and asks workflows. */
@SpringBootApplication
public class ApiApplication {

  /**
   * The API reads {@code settle-api.yaml}, not {@code application.yaml}, so that it and the worker
   * can share one classpath (the Run command, the system tests) and each still get its own
   * configuration.
   */
  public static final String CONFIG_NAME = "settle-api";

  /** The API as an application; everything that starts it goes through here. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ApiApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
