package io.settle.standalone;

import io.settle.api.ApiApplication;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Run command: Settle's API and worker with embedded defaults, in one process. Temporal is the
 * CLI dev server (with its Web UI) when {@code temporal} is installed, else Temporal's in-process
 * Java server; the database is an H2 in MySQL mode; Stripe is the simulator. All of it is in
 * memory, unless {@code --data DIR} keeps it in a directory for the next run (see {@link RunData}).
 * Nothing here is for production: docker/ holds the real stack.
 */
public final class Standalone {

  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  private Standalone() {}

  public static void main(String[] args) {
    RunArguments arguments;
    try {
      arguments = RunArguments.parse(args, System.getenv("SETTLE_DATA_DIR"));
    } catch (RunArguments.UsageException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (arguments.help()) {
      System.out.println(RunArguments.USAGE);
      return;
    }
    // Everything started is closed, newest first, on Ctrl-C and when a later part fails to start,
    // so a failed start never leaves a Temporal dev server or a port behind.
    Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "settle-shutdown"));
    try {
      start(StandaloneSettings.fromEnvironment(), arguments, running);
    } catch (Exception e) {
      log.error("Settle did not start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  private static void start(
      StandaloneSettings settings, RunArguments arguments, Deque<AutoCloseable> running)
      throws IOException {
    long started = System.nanoTime();
    String[] args = arguments.properties().toArray(String[]::new);
    // In memory, fresh keys per run; in a --data directory, the keys made for its data.
    RunData data =
        arguments.dataDir().isPresent()
            ? RunData.in(arguments.dataDir().get())
            : RunData.inMemory();
    StripeSimulator stripe =
        StripeSimulator.builder()
            .port(settings.stripePort())
            .stateFile(data.stripeState().orElse(null))
            .start();
    running.push(stripe);
    EmbeddedTemporal temporal = EmbeddedTemporal.start(settings, data.temporalDb());
    running.push(temporal);
    MailCatcher mail = MailCatcher.start(settings.smtpPort(), settings.mailWebPort());
    running.push(mail);
    // The database file is closed after the apps, which use it until the worker has drained.
    running.push(data);
    String masterKey = data.masterKey();
    String bootstrapToken = data.bootstrapToken();

    Map<String, Object> shared =
        Map.of(
            "spring.datasource.url",
            data.jdbcUrl(),
            "spring.datasource.username",
            "sa",
            "spring.datasource.password",
            "",
            "spring.temporal.connection.target",
            temporal.target(),
            "settle.crypto.master-key",
            masterKey,
            "settle.stripe.api-base",
            stripe.baseUrl(),
            // One process: its own bucket per merchant keeps the pace, no shared row needed.
            "settle.stripe.write-pacing",
            "LOCAL",
            // A local run's host app is on this machine: let event endpoints point at it.
            "settle.events.allow-private-endpoints",
            true);

    // As command-line arguments, so they win over the apps' own yaml; the caller's arguments
    // come last and win over these.
    String apiUrl = "http://localhost:" + settings.apiPort();
    // The worker cannot see the API's port, so its payment links are told where the API runs. As
    // a default property, the lowest precedence: an explicit base (environment, arguments) wins.
    // Spring's own shutdown hooks are off: they would close the apps at the same moment as this
    // class closes Temporal. On SIGTERM or Ctrl-C the API goes first, then the worker (which
    // drains its tasks), and only then Temporal and the Stripe simulator they talk to.
    ConfigurableApplicationContext worker =
        WorkerApplication.builder()
            .registerShutdownHook(false)
            .properties(Map.of("settle.notifications.payment-link-base-url", apiUrl))
            .run(
                arguments(
                    shared,
                    Map.of(
                        "server.port",
                        settings.workerPort(),
                        "spring.mail.host",
                        "127.0.0.1",
                        "spring.mail.port",
                        mail.smtpPort()),
                    args));
    running.push(worker);
    ConfigurableApplicationContext api =
        ApiApplication.builder()
            .registerShutdownHook(false)
            .run(arguments(shared, apiProperties(settings, bootstrapToken, temporal), args));
    running.push(api);

    writeDevEnv(settings, apiUrl, stripe.baseUrl(), mail.webUrl(), bootstrapToken);
    Duration startup = Duration.ofNanos(System.nanoTime() - started);

    String banner =
        """

        Settle is running (started in %.1f s)
          API              %s/api/v1
          API docs         %s/swagger-ui.html   (OpenAPI: %s/v3/api-docs)
          API metrics      %s/actuator/prometheus
          Worker metrics   http://localhost:%d/actuator/prometheus
          Temporal         %s%s
          Stripe simulator %s   (any sk_test_… key works)
          Mail             %s   (every email Settle sends is caught here; SMTP port %d)
          Bootstrap token  written to %s as SETTLE_BOOTSTRAP_TOKEN
          Data             %s
        Ctrl-C stops everything.
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
                mail.webUrl(),
                mail.smtpPort(),
                settings.devEnvFile().toAbsolutePath(),
                data.dir()
                    .map(
                        dir ->
                            dir
                                + "   (database, Temporal, Stripe simulator, keys; bin/run --data"
                                + " with it again carries on)")
                    .orElse("in memory, gone when Settle stops   (bin/run --data DIR keeps it)"));
    log.info(banner);
  }

  /** The API's own: its port, the bootstrap token, and the Temporal UI it links runs to. */
  private static Map<String, Object> apiProperties(
      StandaloneSettings settings, String bootstrapToken, EmbeddedTemporal temporal) {
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    properties.put("server.port", settings.apiPort());
    properties.put("settle.api.bootstrap-token", bootstrapToken);
    if (temporal.uiUrl() != null) {
      properties.put("settle.temporal-ui.base-url", temporal.uiUrl());
    } else {
      // Temporal's in-process server has no Schedules: say so at start-up, and answer 503.
      properties.put("settle.schedules.enabled", false);
    }
    return properties;
  }

  private static void stopAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      AutoCloseable part = running.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  /** What the README walkthrough sources, so its curl lines work as written. */
  private static void writeDevEnv(
      StandaloneSettings settings,
      String apiUrl,
      String stripeUrl,
      String mailUrl,
      String bootstrapToken)
      throws IOException {
    Path file = settings.devEnvFile();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(
        file,
        """
        # Written by the Run command at each start, for the README walkthrough.
        export SETTLE_API=%s
        export STRIPE_API=%s
        export SETTLE_MAIL=%s
        export SETTLE_BOOTSTRAP_TOKEN=%s
        """
            .formatted(apiUrl, stripeUrl, mailUrl, bootstrapToken));
  }

  private static String[] arguments(
      Map<String, Object> shared, Map<String, Object> own, String[] callers) {
    return Stream.concat(
            Stream.concat(shared.entrySet().stream(), own.entrySet().stream())
                .map(property -> "--" + property.getKey() + "=" + property.getValue()),
            Stream.of(callers))
        .toArray(String[]::new);
  }
}
