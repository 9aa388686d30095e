package io.settle.workflows.balance;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed customer balance histories (recorded from CustomerBalanceWorkflowTest with
 * -Dsettle.histories.record=true) against today's code, so a change that would break a customer's
 * running balance run fails the build.
 */
class CustomerBalanceReplayTest {

  static final Path HISTORIES = Path.of("src/test/resources/histories/customer-balance");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysTheRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), CustomerBalanceWorkflowImpl.class);
  }
}
