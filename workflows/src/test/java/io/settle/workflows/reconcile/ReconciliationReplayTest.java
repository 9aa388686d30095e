package io.settle.workflows.reconcile;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed reconciliation histories (recorded from ReconciliationWorkflowTest with
 * -Dsettle.histories.record=true) against today's code, so a change that would break a running
 * janitor fails the build.
 */
class ReconciliationReplayTest {

  static final Path HISTORIES = Path.of("src/test/resources/histories/reconciliation");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysTheRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), ReconciliationWorkflowImpl.class);
  }
}
