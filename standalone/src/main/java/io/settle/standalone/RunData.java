package io.settle.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a run keeps its state: in memory (the default, gone when it stops), or in a directory given
 * with {@code --data}, so that the next run with the same directory carries on. The directory holds
 * the H2 database's file, the Temporal dev server's SQLite file, the Stripe simulator's state file,
 * and the master key and bootstrap token: they are made once and read again, since a new master key
 * could not decrypt the Stripe keys stored with the last one.
 */
final class RunData implements AutoCloseable {

  private static final String SECRETS = "secrets.properties";
  private static final String MASTER_KEY = "settle.crypto.master-key";
  private static final String BOOTSTRAP_TOKEN = "settle.api.bootstrap-token";

  private final Path dir;
  private final String masterKey;
  private final String bootstrapToken;

  private RunData(Path dir, String masterKey, String bootstrapToken) {
    this.dir = dir;
    this.masterKey = masterKey;
    this.bootstrapToken = bootstrapToken;
  }

  /** Fresh keys; nothing outlives the process. */
  static RunData inMemory() {
    return new RunData(null, newMasterKey(), newBootstrapToken());
  }

  /** Opens {@code dir}, made if missing, with the keys it already holds or new ones. */
  static RunData in(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath().normalize();
    Files.createDirectories(absolute);
    Path secrets = absolute.resolve(SECRETS);
    if (Files.exists(secrets)) {
      Properties kept = new Properties();
      try (Reader reader = Files.newBufferedReader(secrets)) {
        kept.load(reader);
      }
      String masterKey = kept.getProperty(MASTER_KEY);
      String bootstrapToken = kept.getProperty(BOOTSTRAP_TOKEN);
      if (masterKey == null || bootstrapToken == null) {
        throw new IOException(secrets + " lacks " + MASTER_KEY + " or " + BOOTSTRAP_TOKEN);
      }
      return new RunData(absolute, masterKey, bootstrapToken);
    }
    if (Files.exists(absolute.resolve("settle.mv.db"))) {
      // Without its master key the stored Stripe keys are unreadable: better not to start.
      throw new IOException(
          absolute
              + " holds a database but not its "
              + SECRETS
              + " (the master key that encrypts the Stripe keys in it); use another directory");
    }
    RunData data = new RunData(absolute, newMasterKey(), newBootstrapToken());
    data.writeSecrets(secrets);
    return data;
  }

  /** The directory, or empty when everything is in memory. */
  Optional<Path> dir() {
    return Optional.ofNullable(dir);
  }

  String jdbcUrl() {
    if (dir == null) {
      return "jdbc:h2:mem:settle;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    }
    // Open until close() shuts it down after the apps, not by H2's own exit hook, which would run
    // beside Standalone's and could close it under a worker that is still draining.
    return "jdbc:h2:file:"
        + dir.resolve("settle")
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
  }

  /** The Temporal dev server's {@code --db-filename}, or empty for its in-memory SQLite. */
  Optional<Path> temporalDb() {
    return dir().map(d -> d.resolve("temporal.db"));
  }

  /** The Stripe simulator's state file, or empty to keep its state in memory only. */
  Optional<Path> stripeState() {
    return dir().map(d -> d.resolve("stripe-simulator.json"));
  }

  String masterKey() {
    return masterKey;
  }

  String bootstrapToken() {
    return bootstrapToken;
  }

  /**
   * Closes the database file cleanly once the apps are stopped; nothing to do in memory, where H2
   * closes it at exit.
   */
  @Override
  public void close() throws SQLException {
    if (dir == null) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
  }

  private void writeSecrets(Path secrets) throws IOException {
    Properties properties = new Properties();
    properties.setProperty(MASTER_KEY, masterKey);
    properties.setProperty(BOOTSTRAP_TOKEN, bootstrapToken);
    Path next = secrets.resolveSibling(SECRETS + ".new");
    Files.deleteIfExists(next);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (Writer writer = Files.newBufferedWriter(next)) {
      properties.store(
          writer,
          " Made by the Run command for the data in this directory: the master key encrypts the"
              + " merchants' Stripe keys in its database, so keep the two together.");
    }
    Files.move(next, secrets);
  }

  private static String newMasterKey() {
    return Base64.getEncoder().encodeToString(randomBytes(32));
  }

  private static String newBootstrapToken() {
    return "stl_boot_" + HexFormat.of().formatHex(randomBytes(16));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
