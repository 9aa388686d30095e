package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.system.chaos.ChaosPlan;
import io.settle.system.chaos.ChaosScenario;
import io.settle.system.chaos.ChaosTable;
import io.settle.system.stack.ProcessStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/chaos} in small, on every run of the suite: the real stack in separate processes, 100
 * auto-paid invoices across six payment methods, a worker killed with SIGKILL and started again,
 * Temporal restarted, 500s and timeouts after the effect, a 429 burst, duplicate and reordered
 * webhooks, and exactly 20 lost {@code payment_intent.succeeded} webhooks that only the
 * reconciliation janitor can apply. Then every check of the chaos run must hold.
 */
class ChaosIT {

  private static final String DATABASE = "settle_chaos_it";

  @Test
  void nothingIsChargedTwiceNorLostWhateverBreaks() throws Exception {
    String databaseUrl = RealServices.freshDatabase(DATABASE);
    Path repo = Path.of("").toAbsolutePath().getParent();
    ProcessStack.Setup setup =
        new ProcessStack.Setup(
                repo,
                repo.resolve("system-tests/target/chaos-it"),
                databaseUrl,
                RealServices.temporalCli()
                    .orElseThrow(() -> new IllegalStateException("no Temporal CLI; run bin/test")),
                System.getProperty("java.home"),
                // Failsafe's own classpath is a manifest-only jar; this is the test classpath.
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                false,
                ChaosScenario.apiProperties(),
                ChaosScenario.workerProperties(),
                false)
            .withPersistentTemporal();
    ChaosPlan plan = ChaosPlan.integrationTest();
    try (ProcessStack stack = ProcessStack.start(setup, plan.workers())) {
      ChaosTable table = new ChaosScenario(stack, plan, System.out::println).run();
      String rendered = table.render();
      System.out.println(rendered);
      assertThat(table.gaps()).as(rendered).isZero();
      assertThat(table.rows())
          .as("the janitor found and fixed exactly the 20 lost webhooks\n" + rendered)
          .anySatisfy(
              row -> {
                assertThat(row.check()).startsWith("every lost succeeded webhook");
                assertThat(row.count()).isEqualTo(plan.lostSucceededWebhooks());
              });
    }
  }
}
