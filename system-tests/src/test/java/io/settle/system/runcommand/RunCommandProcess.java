package io.settle.system.runcommand;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Run command's packaged jar as the tests start it: a session and process group of its own (as
 * a terminal's Ctrl-C or a process manager would signal it), on free ports, its output in a file.
 * Shared by the Run command's integration tests.
 */
final class RunCommandProcess {

  /** Every port the Run command listens on, by the variable that sets it. */
  static final List<String> PORT_VARIABLES =
      List.of(
          "SETTLE_API_PORT",
          "SETTLE_WORKER_PORT",
          "SETTLE_STRIPE_SIMULATOR_PORT",
          "SETTLE_TEMPORAL_PORT",
          "SETTLE_TEMPORAL_UI_PORT",
          "SETTLE_SMTP_PORT",
          "SETTLE_MAIL_WEB_PORT");

  private RunCommandProcess() {}

  /** A free port for each of {@link #PORT_VARIABLES}, so no test meets a running bin/run. */
  static Map<String, String> freePorts() throws IOException {
    Map<String, String> ports = new LinkedHashMap<>();
    for (String name : PORT_VARIABLES) {
      try (ServerSocket socket = new ServerSocket(0)) {
        ports.put(name, Integer.toString(socket.getLocalPort()));
      }
    }
    return ports;
  }

  /**
   * Starts the jar with {@code environment} and {@code arguments} in {@code workDir}, and waits
   * (bounded) for its banner; a start that fails shows its own log.
   */
  static Process start(
      Path workDir, Path output, Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of("setsid", java, "-jar", runnableJar().toAbsolutePath().toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(workDir.toFile());
    builder.environment().remove("SETTLE_DATA_DIR");
    builder.environment().putAll(environment);
    Process process = builder.start();
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

  /** Sends {@code signal} to the whole process group, as a terminal's Ctrl-C does. */
  static void signalProcessGroup(String signal, long leader)
      throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + leader).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " -" + leader + " failed");
    }
  }

  /**
   * Each stack trace in the output with the three lines before it, so that a failure names the
   * thread and the message instead of printing the whole log.
   */
  static List<String> stackTraces(String log) {
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

  /** Kills what is left of a run a failed test did not stop. */
  static void killWhatIsLeft(Process settle) {
    if (settle != null) {
      settle.descendants().forEach(ProcessHandle::destroyForcibly);
      settle.destroyForcibly();
    }
  }

  private static Path runnableJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "standalone", "target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("settle-standalone-[^-]+.*\\.jar"))
          .filter(path -> !path.getFileName().toString().contains("-sources"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("package the Run command first"));
    }
  }
}
