package io.settle.workflows.customer;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed customer mapping histories (recorded from CustomerMappingWorkflowTest with
 * -Dsettle.histories.record=true) against today's code, so a change that would break a running
 * mapping fails the build.
 */
class CustomerMappingReplayTest {

  static final Path HISTORIES = Path.of("src/test/resources/histories/customer-mapping");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysTheRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), CustomerMappingWorkflowImpl.class);
  }
}
