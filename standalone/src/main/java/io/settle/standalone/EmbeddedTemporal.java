package io.settle.standalone;

import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal for the Run command: the CLI dev server (real server, SQLite in memory or in a file, Web
 * UI) when the {@code temporal} binary can be found, otherwise Temporal's in-process Java server
 * without time skipping, which keeps nothing.
 */
final class EmbeddedTemporal implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final String target;
  private final String uiUrl;
  private final Closeable server;

  private EmbeddedTemporal(String target, String uiUrl, Closeable server) {
    this.target = target;
    this.uiUrl = uiUrl;
    this.server = server;
  }

  /** {@code db}: the SQLite file that keeps the dev server's state, or empty for memory. */
  static EmbeddedTemporal start(StandaloneSettings settings, Optional<Path> db) throws IOException {
    Optional<Path> cli = findCli(settings.temporalCli());
    if (cli.isEmpty() && db.isPresent()) {
      throw new IOException(
          "--data keeps Temporal's state in the Temporal CLI dev server, which is not installed:"
              + " install it (bin/run does, with Go) or set SETTLE_TEMPORAL_CLI, or run without"
              + " --data");
    }
    if (cli.isPresent()) {
      Files.createDirectories(settings.workDir());
      List<String> command = new ArrayList<>(ownSession());
      command.addAll(
          List.of(
              cli.get().toString(),
              "server",
              "start-dev",
              "--ip",
              "127.0.0.1",
              "--port",
              Integer.toString(settings.temporalPort()),
              "--ui-port",
              Integer.toString(settings.temporalUiPort()),
              "--log-level",
              "warn"));
      db.ifPresent(file -> command.addAll(List.of("--db-filename", file.toString())));
      InvoiceSearchAttributes.registrations()
          .forEach(
              (name, type) -> {
                command.add("--search-attribute");
                command.add(name + "=" + InvoiceSearchAttributes.cliType(type));
              });
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.temporalLog().toFile()))
              .start();
      awaitPort(settings.temporalPort(), process, settings.temporalLog());
      log.info("Temporal CLI dev server started from {}", cli.get());
      return new EmbeddedTemporal(
          "127.0.0.1:" + settings.temporalPort(),
          "http://localhost:" + settings.temporalUiPort(),
          () -> {
            process.destroy();
            try {
              process.waitFor();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    log.info("temporal CLI not found; using Temporal's in-process Java server (no Web UI)");
    var server = TestServer.createPortBoundServer(settings.temporalPort(), true);
    String target = "127.0.0.1:" + settings.temporalPort();
    registerSearchAttributes(target);
    return new EmbeddedTemporal(target, null, server);
  }

  /** The in-process server learns Settle's search attributes over the operator API. */
  private static void registerSearchAttributes(String target) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(target)
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace("default")
                  .putAllSearchAttributes(InvoiceSearchAttributes.registrations())
                  .build());
    } finally {
      operator.shutdown();
    }
  }

  String target() {
    return target;
  }

  /** The Web UI address, or null when the in-process server runs (it has none). */
  String uiUrl() {
    return uiUrl;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Temporal did not stop cleanly", e);
    }
  }

  /**
   * Ctrl-C signals the terminal's whole process group. The dev server runs in a session of its own,
   * so that it does not stop before the worker that polls it: Standalone's shutdown stops it last.
   * {@code setsid} execs in place (the JVM's child never leads a group), so destroying the process
   * stops the server itself.
   */
  private static List<String> ownSession() {
    Path setsid = Path.of("/usr/bin/setsid");
    return Files.isExecutable(setsid) ? List.of(setsid.toString()) : List.of();
  }

  private static Optional<Path> findCli(String configured) {
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, "temporal"));
    Stream<Path> goBin =
        Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    return Stream.concat(onPath, goBin).filter(Files::isExecutable).findFirst();
  }

  private static void awaitPort(int port, Process process, Path logFile) throws IOException {
    // Bounded wait for the dev server's frontend; it usually listens within a few seconds.
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) {
        throw new IOException(
            "temporal server start-dev exited with "
                + process.exitValue()
                + "; see "
                + logFile.toAbsolutePath());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for Temporal", e);
        }
      }
    }
    process.destroy();
    throw new IOException("Temporal dev server did not listen on port " + port + " within 30 s");
  }
}
