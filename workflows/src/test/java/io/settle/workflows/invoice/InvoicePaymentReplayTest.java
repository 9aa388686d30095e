package io.settle.workflows.invoice;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed histories of every lifecycle path (recorded from InvoicePaymentWorkflowTest
 * with -Dsettle.histories.record=true) against today's workflow code. A change that would make a
 * running invoice's workflow non-deterministic fails here, before it reaches a worker; such a
 * change needs Workflow.getVersion, not a re-recording.
 */
class InvoicePaymentReplayTest {

  private static final Path HISTORIES = Path.of("src/test/resources/histories");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysTheRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), InvoicePaymentWorkflowImpl.class);
  }
}
