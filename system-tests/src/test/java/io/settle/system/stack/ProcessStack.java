package io.settle.system.stack;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real stack, every part its own process as in production: the Temporal CLI dev server, the
 * Stripe simulator, the API and one or more workers (their Spring Boot jars), over a MariaDB
 * database the caller made. {@code bin/bench} measures it; {@code bin/chaos} and {@code ChaosIT}
 * hurt it: a worker killed with SIGKILL and started again, Temporal restarted or away for a while
 * (on a database file, so its runs survive; same ports on return). Each process logs to a file of
 * its own in {@link Setup#logs()}. Closing it stops every process it started.
 */
public final class ProcessStack implements AutoCloseable {

  /**
   * Where things are on this machine, and how the stack runs.
   *
   * @param repo the repository root (the jars are in {@code api/target} and {@code worker/target})
   * @param logs where each process writes its log (and Temporal its database file)
   * @param databaseUrl the MariaDB database, made (empty) by the caller
   * @param temporalCli the {@code temporal} executable
   * @param javaHome the JDK the API and workers run on
   * @param classpath a classpath holding the simulator (the test classpath)
   * @param persistentTemporal whether Temporal keeps its runs in a file in {@code logs} (so a
   *     restart keeps them) rather than in memory (faster: no synced write per transaction)
   * @param apiProperties extra Spring properties for the API, {@code name -> value}
   * @param workerProperties extra Spring properties for every worker
   * @param profile whether each worker records a Java Flight Recording next to its log
   */
  public record Setup(
      Path repo,
      Path logs,
      String databaseUrl,
      String temporalCli,
      String javaHome,
      String classpath,
      boolean persistentTemporal,
      Map<String, String> apiProperties,
      Map<String, String> workerProperties,
      boolean profile) {

    public Setup {
      apiProperties = Map.copyOf(apiProperties);
      workerProperties = Map.copyOf(workerProperties);
    }

    /** The defaults for this JVM: its own JDK and classpath, in-memory Temporal, no extras. */
    public static Setup of(Path repo, Path logs, String databaseUrl, String temporalCli) {
      return new Setup(
          repo,
          logs,
          databaseUrl,
          temporalCli,
          System.getProperty("java.home"),
          System.getProperty("java.class.path"),
          false,
          Map.of(),
          Map.of(),
          false);
    }

    public Setup withPersistentTemporal() {
      return new Setup(
          repo,
          logs,
          databaseUrl,
          temporalCli,
          javaHome,
          classpath,
          true,
          apiProperties,
          workerProperties,
          profile);
    }

    public Setup withProperties(Map<String, String> api, Map<String, String> worker) {
      return new Setup(
          repo,
          logs,
          databaseUrl,
          temporalCli,
          javaHome,
          classpath,
          persistentTemporal,
          api,
          worker,
          profile);
    }

    public Setup withProfile(boolean profile) {
      return new Setup(
          repo,
          logs,
          databaseUrl,
          temporalCli,
          javaHome,
          classpath,
          persistentTemporal,
          apiProperties,
          workerProperties,
          profile);
    }
  }

  public static final String DB_USER = "settle";
  public static final String DB_PASSWORD = "settle";

  /**
   * Temporal's own Schedule worker sized as docker/temporal/dynamicconfig sizes it (see the
   * README's recurring section).
   */
  private static final String SCHEDULER_WORKER_OPTIONS =
      "{\"MaxConcurrentWorkflowTaskPollers\":16,\"MaxConcurrentWorkflowTaskExecutionSize\":1000,"
          + "\"MaxConcurrentLocalActivityExecutionSize\":1000}";

  private final Setup setup;
  private final String masterKey = Base64.getEncoder().encodeToString(random(32));
  private final String bootstrapToken = "stl_boot_" + HexFormat.of().formatHex(random(16));
  // Fixed for the stack's life, so a restarted Temporal is where everyone looks for it.
  private final int temporalPort = freePort();
  private final int temporalHttpPort = freePort();
  private final int temporalMetricsPort = freePort();
  private final int simulatorPort = freePort();
  private final int apiPort = freePort();

  private final List<Process> processes = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private int workersStarted;
  private int temporalStarts;
  private Process temporal;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  /** A worker process and what starts it again. */
  private record Worker(String name, Process process, List<String> command, int port) {}

  private ProcessStack(Setup setup) throws IOException {
    this.setup = setup;
    // A harness stopped from outside (Ctrl-C, kill) leaves no process of its stack behind.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "process-stack-stop"));
    Files.createDirectories(setup.logs());
    // A stack's Temporal starts empty; only its own restarts find runs in the file.
    Files.deleteIfExists(setup.logs().resolve("temporal.db"));
  }

  /**
   * Starts Temporal, the simulator, the API and {@code workerCount} workers, and waits until each
   * answers.
   */
  public static ProcessStack start(Setup setup, int workerCount) throws Exception {
    ProcessStack stack = new ProcessStack(setup);
    try {
      stack.startTemporal();
      stack.connectTemporal();
      stack.startSimulator();
      stack.startApi();
      for (int i = 0; i < workerCount; i++) {
        stack.startWorker();
      }
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  public Setup setup() {
    return setup;
  }

  public Path logs() {
    return setup.logs();
  }

  public String masterKey() {
    return masterKey;
  }

  public String bootstrapToken() {
    return bootstrapToken;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public String simulatorUrl() {
    return "http://127.0.0.1:" + simulatorPort;
  }

  public String temporalTarget() {
    return "127.0.0.1:" + temporalPort;
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  /** The pid of the first worker (P6 measures its memory), and of the Temporal dev server. */
  public long workerPid() {
    return workers.get(0).process().pid();
  }

  public long temporalPid() {
    return temporal.pid();
  }

  public int workerCount() {
    return workers.size();
  }

  /** Every log file the stack's processes wrote so far. */
  public List<Path> logFiles() throws IOException {
    try (var files = Files.list(setup.logs())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  // ---- Temporal ----------------------------------------------------------------------------

  private void startTemporal() throws Exception {
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
            Integer.toString(temporalHttpPort),
            "--metrics-port",
            Integer.toString(temporalMetricsPort),
            "--log-level",
            "error",
            "--dynamic-config-value",
            "worker.perNamespaceWorkerOptions=" + SCHEDULER_WORKER_OPTIONS));
    // In memory unless asked: a database file costs a synced write per transaction, which on this
    // machine's disk is what a benchmark would then measure. A chaos run needs the file, so that
    // a restarted server still has its runs.
    if (setup.persistentTemporal()) {
      command.add("--db-filename");
      command.add(setup.logs().resolve("temporal.db").toString());
    }
    // Registering them again on a database that has them is accepted.
    InvoiceSearchAttributes.registrations()
        .forEach(
            (name, type) -> {
              command.add("--search-attribute");
              command.add(name + "=" + InvoiceSearchAttributes.cliType(type));
            });
    temporalStarts++;
    temporal = launch(temporalStarts == 1 ? "temporal" : "temporal-" + temporalStarts, command);
    if (service != null) {
      awaitTemporal();
    }
  }

  private void connectTemporal() throws Exception {
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget()).build());
    awaitTemporal();
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  private void awaitTemporal() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        service.healthCheck();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline || !temporal.isAlive()) {
          throw new IllegalStateException("the Temporal dev server did not start; see " + logs());
        }
        Thread.sleep(250);
      }
    }
  }

  /** Stops the Temporal dev server (SIGTERM, as an operator's restart would). */
  public void stopTemporal() throws InterruptedException {
    if (temporal != null && temporal.isAlive()) {
      stop(temporal);
    }
  }

  /** Starts the Temporal dev server again, on the same ports and database file. */
  public void startTemporalAgain() throws Exception {
    if (temporal != null && temporal.isAlive()) {
      throw new IllegalStateException("Temporal is running");
    }
    startTemporal();
  }

  /** Stops and starts the Temporal dev server; answers how long it was away. */
  public Duration restartTemporal() throws Exception {
    requirePersistentTemporal();
    long start = System.nanoTime();
    stopTemporal();
    startTemporalAgain();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Stops the Temporal dev server, waits {@code away}, starts it again and waits until it answers;
   * answers how long it did not answer.
   */
  public Duration takeTemporalAway(Duration away) throws Exception {
    requirePersistentTemporal();
    long start = System.nanoTime();
    stopTemporal();
    Thread.sleep(away.toMillis());
    startTemporalAgain();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void requirePersistentTemporal() {
    if (!setup.persistentTemporal()) {
      throw new IllegalStateException("an in-memory Temporal would lose its runs on a restart");
    }
  }

  // ---- the simulator and the API -----------------------------------------------------------

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
    command.addAll(arguments(shared()));
    command.add("--server.port=" + apiPort);
    command.add("--settle.api.bootstrap-token=" + bootstrapToken);
    command.addAll(arguments(setup.apiProperties()));
    launch("api", command);
    awaitHttp(apiUrl() + "/actuator/health", "the API");
  }

  // ---- workers -----------------------------------------------------------------------------

  /** Starts one more worker process and waits until it is up. */
  public void startWorker() throws Exception {
    int port = freePort();
    String name = "worker-" + (++workersStarted);
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g"));
    if (setup.profile()) { // bin/bench --profile: a JFR per worker
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + setup.logs().resolve(name + ".jfr"));
    }
    command.addAll(List.of("-jar", jar("worker")));
    command.addAll(arguments(shared()));
    command.add("--settle.notifications.payment-link-base-url=" + apiUrl());
    // No SMTP server here: the stack is about payments, and its emails stay in the outbox.
    command.add("--settle.mail.relay-enabled=false");
    // ... and no SMTP server to be healthy about: the worker is up without one.
    command.add("--management.health.mail.enabled=false");
    command.addAll(arguments(setup.workerProperties()));
    List<String> withPort = new ArrayList<>(command);
    withPort.add("--server.port=" + port);
    Process worker = launch(name, withPort);
    workers.add(new Worker(name, worker, command, port));
    awaitHttp("http://127.0.0.1:" + port + "/actuator/health", "a worker");
  }

  /**
   * Kills worker {@code index} as {@code kill -9} would (no shutdown hook, no graceful end of its
   * activities), and starts a new worker in its place once it is gone; answers the pid killed.
   */
  public long killWorkerAndStartAnother(int index) throws Exception {
    Worker victim = workers.remove(index);
    victim.process().destroyForcibly();
    if (!victim.process().waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(victim.name() + " did not die");
    }
    processes.remove(victim.process());
    startWorker();
    return victim.process().pid();
  }

  /** Stops the workers after the first. */
  public void stopExtraWorkers() throws InterruptedException {
    while (workers.size() > 1) {
      Worker extra = workers.remove(workers.size() - 1);
      stop(extra.process());
      processes.remove(extra.process());
    }
  }

  private Map<String, String> shared() {
    Map<String, String> shared = new LinkedHashMap<>();
    shared.put("spring.datasource.url", setup.databaseUrl());
    shared.put("spring.datasource.username", DB_USER);
    shared.put("spring.datasource.password", DB_PASSWORD);
    shared.put("spring.temporal.connection.target", temporalTarget());
    shared.put("settle.crypto.master-key", masterKey);
    shared.put("settle.stripe.api-base", simulatorUrl());
    shared.put("logging.level.root", "WARN");
    shared.put("logging.level.io.settle", "WARN");
    return shared;
  }

  private static List<String> arguments(Map<String, String> properties) {
    return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
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
    Path log = setup.logs().resolve(name + ".log");
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
      Thread.sleep(250);
    }
    throw new IllegalStateException(what + " did not start; see " + logs());
  }

  /** Resident memory of a process, from /proc, in MiB. */
  public static Optional<Double> rssMiB(long pid) {
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
  public void collectGarbage(long pid) {
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
  public synchronized void close() {
    if (service != null) {
      service.shutdownNow();
    }
    for (Process process : List.copyOf(processes).reversed()) {
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
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
