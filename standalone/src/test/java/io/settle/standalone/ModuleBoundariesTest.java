package io.settle.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The boundaries between Settle's modules, checked on their compiled main code. This module's
 * classpath holds every other module, so the rules see them all.
 */
@AnalyzeClasses(packages = "io.settle", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  /**
   * The README's module diagram, arrow for arrow (and what is reachable through them): the apps
   * depend on what is below them, never the other way round or sideways.
   */
  @ArchTest
  static final ArchRule modulesDependOnlyDownward =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("standalone")
          .definedBy("io.settle.standalone..")
          .layer("api")
          .definedBy("io.settle.api..")
          .layer("worker")
          .definedBy("io.settle.worker..")
          .layer("activities")
          .definedBy("io.settle.activities..")
          .layer("notifications")
          .definedBy("io.settle.notifications..")
          .layer("stripe-gateway")
          .definedBy("io.settle.stripe.gateway..")
          .layer("persistence")
          .definedBy("io.settle.persistence..")
          .layer("workflows")
          .definedBy("io.settle.workflows..")
          .layer("stripe-simulator")
          .definedBy("io.settle.stripe.simulator..")
          .whereLayer("standalone")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("api")
          .mayOnlyAccessLayers("notifications", "stripe-gateway", "persistence", "workflows")
          .whereLayer("worker")
          .mayOnlyAccessLayers(
              "activities", "notifications", "stripe-gateway", "persistence", "workflows")
          .whereLayer("activities")
          .mayOnlyAccessLayers("notifications", "stripe-gateway", "persistence", "workflows")
          .whereLayer("notifications")
          .mayOnlyAccessLayers("persistence", "workflows")
          .whereLayer("stripe-gateway")
          .mayNotAccessAnyLayer()
          .whereLayer("persistence")
          .mayNotAccessAnyLayer()
          .whereLayer("workflows")
          .mayNotAccessAnyLayer()
          .whereLayer("stripe-simulator")
          .mayNotAccessAnyLayer();

  /** Stripe's wire format belongs to the gateway: the API speaks Settle's records. */
  @ArchTest
  static final ArchRule apiDoesNotReadStripe =
      noClasses()
          .that()
          .resideInAPackage("io.settle.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.stripe..", "com.google.gson..")
          .because("Stripe payloads are read by stripe-gateway's StripeEventReader");

  /** Activities are called by workflows through their interfaces, never the other way in. */
  @ArchTest
  static final ArchRule activitiesUseNoWorkflowImplementation =
      noClasses()
          .that()
          .resideInAPackage("io.settle.activities..")
          .should()
          .dependOnClassesThat()
          .haveNameMatching("io\\.settle\\.workflows\\..*Impl(\\$.*)?")
          .because("a workflow implementation is Temporal's to run; share constants on interfaces");

  /**
   * Workflow code is replayed, so it must decide the same way every time: time, randomness and
   * sleeping come from {@code Workflow.currentTimeMillis}, {@code Workflow.randomUUID} and {@code
   * Workflow.sleep}.
   */
  @ArchTest
  static final ArchRule workflowsAreDeterministic =
      noClasses()
          .that()
          .resideInAPackage("io.settle.workflows..")
          .should()
          .callCodeUnitWhere(readsTheWallClockOrRandomness())
          .because(
              "Temporal replays workflow code: use Workflow.currentTimeMillis/randomUUID/sleep");

  private static final Set<String> SYSTEM_CLOCK = Set.of("currentTimeMillis", "nanoTime");

  private static DescribedPredicate<JavaCall<?>> readsTheWallClockOrRandomness() {
    return DescribedPredicate.describe(
        "reads the wall clock or randomness, or sleeps",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          return switch (owner) {
            case "java.lang.System" -> SYSTEM_CLOCK.contains(name);
            case "java.lang.Thread" -> name.equals("sleep");
            case "java.lang.Math", "java.lang.StrictMath" -> name.equals("random");
            case "java.util.UUID" -> name.equals("randomUUID");
            case "java.util.Random", "java.security.SecureRandom" -> name.equals("<init>");
            case "java.util.concurrent.ThreadLocalRandom" -> true;
            // Instant.now, LocalDate.now, ..., Clock.systemUTC and its kin.
            default ->
                owner.startsWith("java.time.") && (name.equals("now") || name.startsWith("system"));
          };
        });
  }
}
