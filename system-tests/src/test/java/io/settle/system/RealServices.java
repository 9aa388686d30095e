package io.settle.system;

import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real services the integration tests run against: MariaDB (started by bin/test) and the
 * Temporal CLI dev server (started here, once per test JVM). A missing service fails the test with
 * what to install; nothing is skipped.
 */
public final class RealServices {

  public static final String DB_USER = "settle";
  public static final String DB_PASSWORD = "settle";

  private static TemporalDevServer temporal;
  private static int temporalUiPort;

  private RealServices() {}

  public static String databaseUrl() {
    String url = System.getProperty("settle.it.db.url", "jdbc:mariadb://127.0.0.1:3306/settle_it");
    try (Connection connection = DriverManager.getConnection(url, DB_USER, DB_PASSWORD)) {
      if (!connection.isValid(5)) {
        throw new SQLException("the connection did not answer");
      }
      return url;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "MariaDB is not reachable at "
              + url
              + " as user 'settle' ("
              + e.getMessage()
              + "). Run bin/test, which installs MariaDB (apt-get install mariadb-server),"
              + " starts it and creates the database.",
          e);
    }
  }

  /**
   * Temporal's own worker for Schedules polls with few threads by default: 1,000 templates firing
   * at once waited about a minute for it (bin/bench recurring). Production sets the same.
   */
  static final String SCHEDULER_WORKER_OPTIONS =
      "{\"MaxConcurrentWorkflowTaskPollers\":16,\"MaxConcurrentWorkflowTaskExecutionSize\":1000,"
          + "\"MaxConcurrentLocalActivityExecutionSize\":1000}";

  /** The dev server's frontend address, starting the server on first use. */
  public static synchronized String temporalTarget() {
    if (temporal == null) {
      String cli =
          temporalCli()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "The Temporal CLI is not installed. Run bin/test, or install it with:"
                              + " go install github.com/temporalio/cli/cmd/temporal@v1.5.1"));
      // The Web UI on a free port of its own (the CLI's default, the frontend's port + 1000, may
      // be taken), for the browser test and for the links the API gives.
      int uiPort = freePort();
      temporal =
          TemporalDevServer.start(
              TemporalDevServerOptions.newBuilder()
                  .setExistingPath(cli)
                  .setDownloadEnabled(false)
                  .setUiEnabled(true)
                  .setUiPort(uiPort)
                  .setLogLevel("error")
                  .setExtraArgs(devServerArgs())
                  .build());
      temporalUiPort = uiPort;
      Runtime.getRuntime().addShutdownHook(new Thread(temporal::close, "temporal-dev-server-stop"));
    }
    return temporal.getTarget();
  }

  /** The dev server's Web UI, as an operator opens it, starting the server on first use. */
  public static synchronized String temporalUiUrl() {
    temporalTarget();
    return "http://127.0.0.1:" + temporalUiPort;
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port for the Temporal UI", e);
    }
  }

  /**
   * Settle's search attributes, registered as the dev server starts (one home for the names), and
   * the scheduler's worker sized for month-end as docker/temporal/dynamicconfig sizes it.
   */
  private static List<String> devServerArgs() {
    List<String> args = new ArrayList<>();
    args.add("--dynamic-config-value");
    args.add("worker.perNamespaceWorkerOptions=" + SCHEDULER_WORKER_OPTIONS);
    InvoiceSearchAttributes.registrations()
        .forEach(
            (name, type) -> {
              args.add("--search-attribute");
              args.add(name + "=" + InvoiceSearchAttributes.cliType(type));
            });
    return args;
  }

  static Optional<String> temporalCli() {
    String configured = System.getProperty("settle.it.temporal.cli");
    if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
      return Optional.of(configured);
    }
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, "temporal"));
    Stream<Path> goBin =
        Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    return Stream.concat(onPath, goBin).filter(Files::isExecutable).map(Path::toString).findFirst();
  }

  /**
   * A database of its own on the test server, made afresh (dropped first): the processes of a
   * {@code ProcessStack} migrate it from V1. Answers its URL.
   */
  static String freshDatabase(String name) throws SQLException {
    String shared = databaseUrl();
    String server = shared.substring(0, shared.lastIndexOf('/'));
    try (Connection db = DriverManager.getConnection(server + "/", DB_USER, DB_PASSWORD);
        java.sql.Statement sql = db.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + name);
      sql.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    return server + "/" + name;
  }
}
