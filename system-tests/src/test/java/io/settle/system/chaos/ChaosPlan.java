package io.settle.system.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a chaos run does: how many invoices, paid how, and which faults it injects while they run.
 *
 * @param invoices how many invoices are created in one burst, auto-paid on creation
 * @param mix how many of every {@link #METHODS} invoices pay with, in that order, relative weights
 * @param workers how many worker JVMs run
 * @param workerKills how often a worker is killed with SIGKILL (and another started in its place)
 * @param temporalRestarts how often the Temporal dev server is stopped and started again
 * @param mariadbRestart the shell command that restarts MariaDB, when the run restarts it once
 * @param temporalAway how long Temporal is taken away while webhooks keep coming (zero: never)
 * @param chargeFaultFraction the share of PaymentIntent creations (and confirmations) answered 500
 *     after the effect, and again the share whose answer is held past Settle's read timeout
 * @param throttleBursts how many 3-second bursts of 429 on every PaymentIntent write
 * @param duplicateFraction the share of webhooks the simulator sends twice
 * @param reorderFraction the share of webhooks it holds back, so they arrive out of order
 * @param dropFraction the share of webhooks it never delivers, while the faults are on
 * @param lostSucceededWebhooks how many ACH debits are settled while their {@code
 *     payment_intent.succeeded} is dropped, so only the janitor can apply them
 * @param quietFor how long nothing may change before the run counts as quiet; after Temporal was
 *     away the workers' pollers back off for a while before they take work again, so the full run
 *     waits longer (bin/chaos --invoices=300 counted 72 payments "missing" after 15 s)
 * @param deadline the longest any one wait of the run lasts
 */
public record ChaosPlan(
    int invoices,
    List<Integer> mix,
    int workers,
    int workerKills,
    int temporalRestarts,
    Optional<String> mariadbRestart,
    Duration temporalAway,
    double chargeFaultFraction,
    int throttleBursts,
    double duplicateFraction,
    double reorderFraction,
    double dropFraction,
    int lostSucceededWebhooks,
    Duration quietFor,
    Duration deadline) {

  /** How the customers pay, each a Stripe test payment method; {@link #mix} weighs them. */
  public enum Method {
    CARD_SUCCEEDS("pm_card_visa"),
    CARD_DECLINES("pm_card_chargeDeclined"),
    CARD_HARD_DECLINE("pm_card_visa_chargeDeclinedStolenCard"),
    // The 3DS2-required test card asks even off-session, so the customer can then authenticate
    // (pm_card_authenticationRequired is declined off-session with nothing left to complete).
    THREE_D_SECURE("pm_card_threeDSecure2Required"),
    ACH_SETTLES("pm_usBankAccount_success"),
    ACH_FAILS("pm_usBankAccount_insufficientFunds");

    final String paymentMethod;

    Method(String paymentMethod) {
      this.paymentMethod = paymentMethod;
    }
  }

  public static final List<Method> METHODS = List.of(Method.values());

  public ChaosPlan {
    mix = List.copyOf(mix);
    if (mix.size() != METHODS.size()) {
      throw new IllegalArgumentException("one weight per method: " + METHODS);
    }
  }

  /** Issue 14's bin/chaos: 1,000 invoices and every fault. */
  public static ChaosPlan full(int invoices, Optional<String> mariadbRestart) {
    return new ChaosPlan(
        invoices,
        List.of(1, 1, 1, 1, 1, 1),
        2,
        5,
        1,
        mariadbRestart,
        Duration.ofSeconds(60),
        0.05,
        3,
        0.05,
        0.05,
        0.02,
        0,
        Duration.ofSeconds(45),
        Duration.ofMinutes(5));
  }

  /**
   * ChaosIT's: 100 invoices, one worker killed, Temporal restarted once, exactly 20 lost {@code
   * payment_intent.succeeded} webhooks; the charge and webhook faults as in the full run, no random
   * drops (the 20 are exact), MariaDB left alone (other tests share it).
   */
  public static ChaosPlan integrationTest() {
    return new ChaosPlan(
        100,
        List.of(14, 14, 14, 14, 30, 14),
        1,
        1,
        1,
        Optional.empty(),
        Duration.ZERO,
        0.05,
        1,
        0.05,
        0.05,
        0,
        20,
        Duration.ofSeconds(8),
        Duration.ofMinutes(5));
  }

  /** The method invoice {@code n} (0-based) pays with: the weights laid out evenly. */
  Method methodOf(int n) {
    int total = mix.stream().mapToInt(Integer::intValue).sum();
    int slot = n % total;
    for (int i = 0; i < mix.size(); i++) {
      if (slot < mix.get(i)) {
        return METHODS.get(i);
      }
      slot -= mix.get(i);
    }
    throw new AssertionError();
  }
}
