package io.settle.standalone;

import java.nio.file.Path;

/** Ports and paths of the Run command, each overridable by an environment variable. */
record StandaloneSettings(
    int apiPort,
    int workerPort,
    int stripePort,
    int temporalPort,
    int temporalUiPort,
    int smtpPort,
    int mailWebPort,
    String temporalCli,
    Path workDir) {

  /** What the README walkthrough sources: the API's address and this run's bootstrap token. */
  Path devEnvFile() {
    return workDir.resolve("dev.env");
  }

  /** Where the Temporal CLI dev server's output goes. */
  Path temporalLog() {
    return workDir.resolve("temporal.log");
  }

  static StandaloneSettings fromEnvironment() {
    return new StandaloneSettings(
        intEnv("SETTLE_API_PORT", 8080),
        intEnv("SETTLE_WORKER_PORT", 8081),
        intEnv("SETTLE_STRIPE_SIMULATOR_PORT", 12113),
        intEnv("SETTLE_TEMPORAL_PORT", 7233),
        intEnv("SETTLE_TEMPORAL_UI_PORT", 8233),
        intEnv("SETTLE_SMTP_PORT", 1025),
        intEnv("SETTLE_MAIL_WEB_PORT", 8025),
        System.getenv("SETTLE_TEMPORAL_CLI"),
        Path.of(env("SETTLE_WORK_DIR", ".settle")));
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
