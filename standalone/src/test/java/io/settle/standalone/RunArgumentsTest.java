package io.settle.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {

  @Test
  void nothingKeepsEverythingInMemory() {
    RunArguments arguments = RunArguments.parse(new String[0], null);

    assertThat(arguments.dataDir()).isEmpty();
    assertThat(arguments.properties()).isEmpty();
    assertThat(arguments.help()).isFalse();
  }

  @Test
  void dataTakesADirectoryInEitherSpelling() {
    assertThat(RunArguments.parse(new String[] {"--data", "trial"}, null).dataDir())
        .contains(Path.of("trial"));
    assertThat(RunArguments.parse(new String[] {"--data=/tmp/trial"}, null).dataDir())
        .contains(Path.of("/tmp/trial"));
  }

  @Test
  void theEnvironmentVariableAppliesUnlessDataSaysElse() {
    assertThat(RunArguments.parse(new String[0], "from-env").dataDir())
        .contains(Path.of("from-env"));
    assertThat(RunArguments.parse(new String[0], " ").dataDir()).isEmpty();
    assertThat(RunArguments.parse(new String[] {"--data", "from-arg"}, "from-env").dataDir())
        .contains(Path.of("from-arg"));
  }

  @Test
  void springPropertiesPassThroughInOrder() {
    RunArguments arguments =
        RunArguments.parse(
            new String[] {"--logging.level.io.settle=DEBUG", "--data", "d", "--server.port=9"},
            null);

    assertThat(arguments.properties())
        .isEqualTo(List.of("--logging.level.io.settle=DEBUG", "--server.port=9"));
  }

  @Test
  void unknownArgumentsAndAMissingDirectoryAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> RunArguments.parse(new String[] {"--dat", "x"}, null))
        .isInstanceOf(RunArguments.UsageException.class)
        .hasMessageStartingWith("Unknown argument: --dat")
        .hasMessageContaining("Usage: bin/run [--data DIR]");
    assertThatThrownBy(() -> RunArguments.parse(new String[] {"trial"}, null))
        .hasMessageStartingWith("Unknown argument: trial");
    assertThatThrownBy(() -> RunArguments.parse(new String[] {"--data"}, null))
        .hasMessageStartingWith("--data needs a directory");
    assertThatThrownBy(() -> RunArguments.parse(new String[] {"--data", "--server.port=1"}, null))
        .hasMessageStartingWith("--data needs a directory");
  }

  @Test
  void helpIsAskedFor() {
    assertThat(RunArguments.parse(new String[] {"--help"}, null).help()).isTrue();
  }
}
