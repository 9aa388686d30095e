package io.settle.system.bench;

import io.settle.workflows.invoice.InvoiceSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real stack for {@code bin/bench}, every part its own process as in production: the Temporal
 * CLI dev server on a fresh database file, the Stripe simulator, the API and one or two workers
 * (their Spring Boot jars), over a fresh MariaDB database that {@code bin/bench} made. Logs go to
 * {@code system-tests/target/bench/}. Closing it stops every process it started.
 */
final class BenchStack implements AutoCloseable {

  /** What {@code bin/bench} passes: where things are on this machine. */
  record Setup(
      Path repo, String databaseUrl, String temporalCli, String javaHome, String classpath) {

    static Setup fromSystemProperties() {
      return new Setup(
          Path.of(System.getProperty("settle.bench.repo", ".")).toAbsolutePath().normalize(),
          System.getProperty("settle.bench.db.url"),
          System.getProperty("settle.bench.temporal.cli", "temporal"),
          System.getProperty("java.home"),
          System.getProperty("java.class.path"));
    }
  }

  static final String DB_USER = "settle";
  static final String DB_PASSWORD = "settle";

  /**
   * Temporal's own Schedule worker sized as docker/temporal/dynamicconfig sizes it (see the
   * README's recurring section).
   */
  private static final String SCHEDULER_WORKER_OPTIONS =
      "{\"MaxConcurrentWorkflowTaskPollers\":16,\"MaxConcurrentWorkflowTaskExecutionSize\":1000,"
          + "\"MaxConcurrentLocalActivityExecutionSize\":1000}";

  final Setup setup;
  final Path logs;
  final String masterKey = Base64.getEncoder().encodeToString(random(32));
  final String bootstrapToken = "stl_boot_" + HexFormat.of().formatHex(random(16));
  final int temporalPort = freePort();
  final int simulatorPort = freePort();
  final int apiPort = freePort();

  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private Process temporal;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  private BenchStack(Setup setup) throws IOException {
    this.setup = setup;
    this.logs = setup.repo().resolve("system-tests/target/bench");
    Files.createDirectories(logs);
  }

  /** Starts Temporal, the simulator, the API and one worker, and waits until each answers. */
  static BenchStack start(Setup setup) throws Exception {
    BenchStack stack = new BenchStack(setup);
    try {
      stack.startTemporal();
      stack.startSimulator();
      stack.startApi();
      stack.startWorker();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  String simulatorUrl() {
    return "http://127.0.0.1:" + simulatorPort;
  }

  String temporalTarget() {
    return "127.0.0.1:" + temporalPort;
  }

  WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs service() {
    return service;
  }

  /** The pid of the first worker (P6 measures its memory), and of the Temporal dev server. */
  long workerPid() {
    return workers.get(0).pid();
  }

  long temporalPid() {
    return temporal.pid();
  }

  int workerCount() {
    return workers.size();
  }

  private void startTemporal() throws Exception {
    // In memory, as the system tests run it: a database file costs a synced write per
    // transaction, which on this machine's disk is what a benchmark would then measure. The
    // server's memory (P6) then includes what it stores.
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            setup.temporalCli(),
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--port",
            Integer.toString(temporalPort),
            "--http-port",
            Integer.toString(freePort()),
            "--metrics-port",
            Integer.toString(freePort()),
            "--log-level",
            "error",
            "--dynamic-config-value",
            "worker.perNamespaceWorkerOptions=" + SCHEDULER_WORKER_OPTIONS));
    InvoiceSearchAttributes.registrations()
        .forEach(
            (name, type) -> {
              command.add("--search-attribute");
              command.add(name + "=" + InvoiceSearchAttributes.cliType(type));
            });
    temporal = launch("temporal", command);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget()).build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        service.healthCheck();
        break;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline || !temporal.isAlive()) {
          throw new IllegalStateException("the Temporal dev server did not start; see " + logs);
        }
        Thread.sleep(500);
      }
    }
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  private void startSimulator() throws Exception {
    launch(
        "simulator",
        List.of(
            javaBin(),
            "-Xmx512m",
            "-cp",
            setup.classpath(),
            "io.settle.stripe.simulator.StripeSimulator",
            Integer.toString(simulatorPort)));
    awaitHttp(simulatorUrl() + "/_simulator/health", "the Stripe simulator");
  }

  private void startApi() throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-jar", jar("api")));
    command.addAll(shared());
    command.add("--server.port=" + apiPort);
    command.add("--settle.api.bootstrap-token=" + bootstrapToken);
    command.add("--settle.bench.enabled=true");
    launch("api", command);
    awaitHttp(apiUrl() + "/actuator/health", "the API");
  }

  /** Starts one more worker process (P3 runs with two) and waits until it is up. */
  void startWorker() throws Exception {
    int port = freePort();
    String name = "worker-" + (workers.size() + 1);
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g"));
    if (Boolean.getBoolean("settle.bench.profile")) { // bin/bench --profile: a JFR per worker
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename=" + logs.resolve(name + ".jfr"));
    }
    command.addAll(List.of("-jar", jar("worker")));
    command.addAll(shared());
    command.add("--server.port=" + port);
    command.add("--settle.notifications.payment-link-base-url=" + apiUrl());
    // No SMTP server here: the benchmark measures payments, and its emails stay in the outbox.
    command.add("--settle.mail.relay-enabled=false");
    Process worker = launch(name, command);
    workers.add(worker);
    awaitHttp("http://127.0.0.1:" + port + "/actuator/health", "a worker");
  }

  /** Stops the workers after the first. */
  void stopExtraWorkers() throws InterruptedException {
    while (workers.size() > 1) {
      Process extra = workers.remove(workers.size() - 1);
      stop(extra);
      processes.remove(extra);
    }
  }

  private List<String> shared() {
    return List.of(
        "--spring.datasource.url=" + setup.databaseUrl(),
        "--spring.datasource.username=" + DB_USER,
        "--spring.datasource.password=" + DB_PASSWORD,
        "--spring.temporal.connection.target=" + temporalTarget(),
        "--settle.crypto.master-key=" + masterKey,
        "--settle.stripe.api-base=" + simulatorUrl(),
        "--logging.level.root=WARN",
        "--logging.level.io.settle=WARN");
  }

  private String jar(String module) throws IOException {
    Path target = setup.repo().resolve(module).resolve("target");
    try (var files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no runnable jar in " + target))
          .toString();
    }
  }

  private String javaBin() {
    return Path.of(setup.javaHome(), "bin", "java").toString();
  }

  private Process launch(String name, List<String> command) throws IOException {
    Path log = logs.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    processes.add(process);
    return process;
  }

  private void awaitHttp(String url, String what) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(what + " did not start; see " + logs);
  }

  /** Resident memory of a process, from /proc, in MiB. */
  static Optional<Double> rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not on Linux, or gone
    }
    return Optional.empty();
  }

  /** A full GC in the JVM {@code pid}, so its memory is measured without garbage. */
  void collectGarbage(long pid) {
    try {
      new ProcessBuilder(Path.of(setup.javaHome(), "bin", "jcmd").toString(), "" + pid, "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no jcmd: measured as it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (service != null) {
      service.shutdownNow();
    }
    for (Process process : processes.reversed()) {
      try {
        stop(process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
