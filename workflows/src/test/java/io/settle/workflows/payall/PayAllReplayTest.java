package io.settle.workflows.payall;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed pay-all histories (recorded from PayAllWorkflowTest with
 * -Dsettle.histories.record=true) against today's code, so a change that would break a running
 * payment fails the build.
 */
class PayAllReplayTest {

  static final Path HISTORIES = Path.of("src/test/resources/histories/pay-all");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysTheRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), PayAllWorkflowImpl.class);
  }
}
