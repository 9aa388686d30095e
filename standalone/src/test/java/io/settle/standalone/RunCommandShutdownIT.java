package io.settle.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Run command's jar, stopped the way a terminal (Ctrl-C) or a process manager stops it: a
 * signal to its whole process group. Everything stops in order (API, then the worker, which drains
 * its tasks, then Temporal and the Stripe simulator), with no stack traces and no process left
 * behind. Uses the Temporal CLI dev server when bin/test has installed it, else the in-process
 * server.
 */
class RunCommandShutdownIT {

  @TempDir Path workDir;

  private Process settle;

  @AfterEach
  void killWhatIsLeft() {
    if (settle != null) {
      settle.descendants().forEach(ProcessHandle::destroyForcibly);
      settle.destroyForcibly();
    }
  }

  @Test
  void aSignalToTheWholeProcessGroupStopsEverythingInOrderWithoutStackTraces() throws Exception {
    Path output = workDir.resolve("run.log");
    settle = start(output);
    List<ProcessHandle> children = settle.descendants().toList();

    signalProcessGroup("TERM", settle.pid());
    assertThat(settle.waitFor(2, TimeUnit.MINUTES)).as("Settle stopped").isTrue();

    String log = Files.readString(output);
    assertThat(stackTraces(log)).as("stack traces in the Run command's output").isEmpty();
    assertThat(log)
        .doesNotContain("Failure in poller")
        .doesNotContain("failed to call shutdown worker")
        .contains("stopping the Temporal workers")
        .contains("Stripe simulator on port");
    assertThat(log.indexOf("stopping the Temporal workers"))
        .as("the worker drains before Temporal goes")
        .isLessThan(log.indexOf("Stripe simulator on port", log.indexOf("Settle is running")));
    assertThat(children).as("no child outlives Settle").noneMatch(ProcessHandle::isAlive);
  }

  /** Starts the Run command's jar as a session and group of its own, on free ports. */
  private Process start(Path output) throws IOException, InterruptedException {
    Path jar = runnableJar().toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of("setsid", java, "-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(workDir.toFile());
    Map<String, String> env = builder.environment();
    env.put("SETTLE_API_PORT", freePort());
    env.put("SETTLE_WORKER_PORT", freePort());
    env.put("SETTLE_STRIPE_SIMULATOR_PORT", freePort());
    env.put("SETTLE_TEMPORAL_PORT", freePort());
    env.put("SETTLE_TEMPORAL_UI_PORT", freePort());
    env.put("SETTLE_SMTP_PORT", freePort());
    env.put("SETTLE_MAIL_WEB_PORT", freePort());
    env.put("SETTLE_WORK_DIR", workDir.resolve("settle").toString());
    String cli = System.getProperty("settle.it.temporal.cli");
    if (cli != null && !cli.isBlank()) {
      env.put("SETTLE_TEMPORAL_CLI", cli);
    }
    Process process = builder.start();
    // Bounded wait for the banner; a start that fails shows its own log.
    for (int i = 0; i < 1800; i++) {
      String log = Files.exists(output) ? Files.readString(output) : "";
      if (log.contains("Settle is running")) {
        return process;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the Run command did not start:\n" + log);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the Run command did not start within 3 minutes");
  }

  /**
   * Each stack trace in the output with the three lines before it, so that a failure names the
   * thread and the message instead of printing the whole log.
   */
  private static List<String> stackTraces(String log) {
    List<String> lines = log.lines().toList();
    List<String> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("^\\s+at [a-z].*")
          && (i == 0 || !lines.get(i - 1).matches("^\\s+at .*"))) {
        found.add(
            String.join("\n", lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 4))));
      }
    }
    return found;
  }

  private static void signalProcessGroup(String signal, long leader)
      throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + leader).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private static Path runnableJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("settle-standalone-[^-]+.*\\.jar"))
          .filter(path -> !path.getFileName().toString().contains("-sources"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("package the Run command first"));
    }
  }

  private static String freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return Integer.toString(socket.getLocalPort());
    }
  }
}
