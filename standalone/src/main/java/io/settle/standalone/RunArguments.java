package io.settle.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Run command accepts after {@code bin/run}: {@code --data DIR}, and Spring properties
 * ({@code --name=value}) that win over the embedded defaults in both apps. Anything else is refused
 * with {@link #USAGE}, so a mistyped option never starts a trial that silently keeps nothing.
 */
record RunArguments(Optional<Path> dataDir, List<String> properties, boolean help) {

  static final String USAGE =
      """
      Usage: bin/run [--data DIR] [--<spring.property>=<value> ...]
        --data DIR   keep the database, Temporal's state, the Stripe simulator's state and this
                     run's keys in DIR, so that the next bin/run --data DIR carries on where this one
                     stopped (also SETTLE_DATA_DIR); without it everything is in memory
        --<spring.property>=<value>
                     a Spring property for the API and the worker, e.g. --logging.level.io.settle=DEBUG
        --help       this text""";

  /** Thrown for arguments the Run command does not know; its message ends with the usage. */
  static final class UsageException extends IllegalArgumentException {
    UsageException(String problem) {
      super(problem + "\n" + USAGE);
    }
  }

  /** {@code environmentDataDir} (SETTLE_DATA_DIR, may be null or blank) unless --data says else. */
  static RunArguments parse(String[] args, String environmentDataDir) {
    Optional<Path> dataDir =
        environmentDataDir == null || environmentDataDir.isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(environmentDataDir.trim()));
    List<String> properties = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--data")) {
        if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
          throw new UsageException("--data needs a directory");
        }
        dataDir = Optional.of(Path.of(args[++i]));
      } else if (arg.startsWith("--data=")) {
        String dir = arg.substring("--data=".length());
        if (dir.isBlank()) {
          throw new UsageException("--data needs a directory");
        }
        dataDir = Optional.of(Path.of(dir));
      } else if (isProperty(arg)) {
        properties.add(arg);
      } else {
        throw new UsageException("Unknown argument: " + arg);
      }
    }
    return new RunArguments(dataDir, List.copyOf(properties), help);
  }

  /** {@code --name=value} with a dotted name, as Spring reads command-line properties. */
  private static boolean isProperty(String arg) {
    int equals = arg.indexOf('=');
    return arg.startsWith("--") && equals > 2 && arg.substring(2, equals).contains(".");
  }
}
