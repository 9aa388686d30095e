package io.settle.standalone;

import io.settle.api.ApiApplication;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Run command: Settle's API and worker with embedded defaults, in one process. Temporal is
 * the CLI dev server (with its Web UI) when {@code temporal} is installed, else Temporal's
 * in-process Java server; the database is an in-memory H2 in MySQL mode; Stripe is the simulator.
 * Nothing here is for production: docker/ holds the real stack.
 */
public final class Standalone {

  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  private Standalone() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    StandaloneSettings settings = StandaloneSettings.fromEnvironment();

    StripeSimulator stripe = StripeSimulator.start(settings.stripePort());
    EmbeddedTemporal temporal = EmbeddedTemporal.start(settings);

    // Fresh per run: the in-memory database dies with the process, and so may these.
    String masterKey = Base64.getEncoder().encodeToString(randomBytes(32));
    String bootstrapToken = "stl_boot_" + HexFormat.of().formatHex(randomBytes(16));

    Map<String, Object> shared =
        Map.of(
            "spring.datasource.url",
            "jdbc:h2:mem:settle;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "spring.datasource.username",
            "sa",
            "spring.datasource.password",
            "",
            "spring.temporal.connection.target",
            temporal.target(),
            "settle.crypto.master-key",
            masterKey,
            "settle.stripe.api-base",
            stripe.baseUrl());

    ConfigurableApplicationContext worker =
        new SpringApplicationBuilder(WorkerApplication.class)
            .properties(shared)
            .properties(Map.of("server.port", settings.workerPort()))
            .run(args);
    ConfigurableApplicationContext api =
        new SpringApplicationBuilder(ApiApplication.class)
            .properties(shared)
            .properties(
                Map.of("server.port", settings.apiPort(), "settle.api.bootstrap-token", bootstrapToken))
            .run(args);

    String apiUrl = "http://localhost:" + settings.apiPort();
    writeDevEnv(settings, apiUrl, stripe.baseUrl(), bootstrapToken);
    Duration startup = Duration.ofNanos(System.nanoTime() - started);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  worker.close();
                  temporal.close();
                  stripe.close();
                },
                "settle-shutdown"));

    String banner =
        """

        Settle is running (started in %.1f s)
          API              %s/api/v1
          API docs         %s/swagger-ui.html   (OpenAPI: %s/v3/api-docs)
          API metrics      %s/actuator/prometheus
          Worker metrics   http://localhost:%d/actuator/prometheus
          Temporal         %s%s
          Stripe simulator %s   (any sk_test_… key works)
          Bootstrap token  written to %s as SETTLE_BOOTSTRAP_TOKEN
        Ctrl-C stops everything; the embedded database is in memory.
        """
            .formatted(
                startup.toMillis() / 1000.0,
                apiUrl,
                apiUrl,
                apiUrl,
                apiUrl,
                settings.workerPort(),
                temporal.target(),
                temporal.uiUrl() == null
                    ? "   (in-process Java server; install the Temporal CLI for the Web UI)"
                    : "   Web UI " + temporal.uiUrl(),
                stripe.baseUrl(),
                settings.devEnvFile().toAbsolutePath());
    log.info(banner);
  }

  /** What the README walkthrough sources, so its curl lines work as written. */
  private static void writeDevEnv(
      StandaloneSettings settings, String apiUrl, String stripeUrl, String bootstrapToken)
      throws IOException {
    Path file = settings.devEnvFile();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(
        file,
        """
        # Written by the Run command for this run only; not a secret worth keeping.
        export SETTLE_API=%s
        export STRIPE_API=%s
        export SETTLE_BOOTSTRAP_TOKEN=%s
        """
            .formatted(apiUrl, stripeUrl, bootstrapToken));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
