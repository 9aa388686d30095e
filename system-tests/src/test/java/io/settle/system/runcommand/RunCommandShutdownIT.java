package io.settle.system.runcommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    RunCommandProcess.killWhatIsLeft(settle);
  }

  @Test
  void aSignalToTheWholeProcessGroupStopsEverythingInOrderWithoutStackTraces() throws Exception {
    Path output = workDir.resolve("run.log");
    Map<String, String> environment = new HashMap<>(RunCommandProcess.freePorts());
    environment.put("SETTLE_WORK_DIR", workDir.resolve("settle").toString());
    String cli = System.getProperty("settle.it.temporal.cli");
    if (cli != null && !cli.isBlank()) {
      environment.put("SETTLE_TEMPORAL_CLI", cli);
    }
    settle = RunCommandProcess.start(workDir, output, environment);
    List<ProcessHandle> children = settle.descendants().toList();

    RunCommandProcess.signalProcessGroup("TERM", settle.pid());
    assertThat(settle.waitFor(2, TimeUnit.MINUTES)).as("Settle stopped").isTrue();

    String log = Files.readString(output);
    assertThat(RunCommandProcess.stackTraces(log))
        .as("stack traces in the Run command's output")
        .isEmpty();
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
}
