package io.settle.system.chaos;

import io.settle.system.stack.ProcessStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/chaos}: issue 14's chaos run on the real stack in separate processes, its table
 * printed, and a non-zero exit on any gap. Options: {@code --invoices=1000}, {@code
 * --temporal-away=60} (seconds), {@code --worker-kills=5}. System properties from the script:
 * {@code settle.chaos.repo}, {@code settle.chaos.db.url}, {@code settle.chaos.temporal.cli}, {@code
 * settle.chaos.mariadb.restart} (the shell command that restarts MariaDB; absent: not restarted).
 */
public final class Chaos {

  private Chaos() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (!arg.isBlank()) {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    Path repo = Path.of(System.getProperty("settle.chaos.repo", ".")).toAbsolutePath().normalize();
    Optional<String> mariadbRestart =
        Optional.ofNullable(System.getProperty("settle.chaos.mariadb.restart"))
            .filter(c -> !c.isBlank());
    ChaosPlan full =
        ChaosPlan.full(Integer.parseInt(options.getOrDefault("invoices", "1000")), mariadbRestart);
    ChaosPlan plan =
        new ChaosPlan(
            full.invoices(),
            full.mix(),
            full.workers(),
            Integer.parseInt(options.getOrDefault("worker-kills", "" + full.workerKills())),
            full.temporalRestarts(),
            full.mariadbRestart(),
            java.time.Duration.ofSeconds(
                Long.parseLong(
                    options.getOrDefault("temporal-away", "" + full.temporalAway().toSeconds()))),
            full.chargeFaultFraction(),
            full.throttleBursts(),
            full.duplicateFraction(),
            full.reorderFraction(),
            full.dropFraction(),
            full.lostSucceededWebhooks(),
            full.quietFor(),
            full.deadline());
    Path run =
        repo.resolve("system-tests/target/chaos")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(run);
    ProcessStack.Setup setup =
        ProcessStack.Setup.of(
                repo,
                run,
                System.getProperty("settle.chaos.db.url"),
                System.getProperty("settle.chaos.temporal.cli", "temporal"))
            .withPersistentTemporal()
            .withProperties(ChaosScenario.apiProperties(), ChaosScenario.workerProperties());
    say("[chaos] plan %s; logs in %s", plan, run);
    int status;
    try (ProcessStack stack = ProcessStack.start(setup, plan.workers())) {
      ChaosTable table = new ChaosScenario(stack, plan, Chaos::say).run();
      String rendered = table.render();
      Files.writeString(run.resolve("table.txt"), rendered);
      System.out.println(rendered);
      status = table.gaps() == 0 ? 0 : 2;
    } catch (Exception | Error e) {
      say("[chaos] the run stopped: %s", e);
      e.printStackTrace(System.out);
      status = 1;
    }
    System.exit(status);
  }

  private static void say(String format, Object... args) {
    System.out.println(args.length == 0 ? format : format.formatted(args));
  }
}
