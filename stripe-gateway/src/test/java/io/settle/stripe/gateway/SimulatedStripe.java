package io.settle.stripe.gateway;

import com.stripe.StripeClient;
import io.settle.stripe.simulator.StripeSimulator;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Stripe simulator for a test class, and a fresh simulated Stripe account for each test.
 *
 * <p>Starting the simulator once per class keeps the tests quick. Every secret key the simulator
 * has not seen before is an account of its own, so a test that takes a {@link #newAccount()} in its
 * {@code @BeforeEach} never shares customers, intents, endpoints or events with another test.
 *
 * <p>Register it as {@code @RegisterExtension static final SimulatedStripe simulated = new
 * SimulatedStripe();}. The simulator is started before the test instance is made (JUnit's default
 * instance per method), so instance fields may be initialised from {@link #simulator()}. Faults and
 * rate limits are the simulator's, shared by the class: tests that set them clear them themselves.
 */
final class SimulatedStripe implements BeforeAllCallback, AfterAllCallback {

  private StripeSimulator simulator;

  /**
   * A simulated Stripe account.
   *
   * @param gateways every adapter, wired to this account's key at the simulator
   * @param client a raw stripe-java client for the same account, to arrange and inspect objects
   */
  record Account(String secretKey, Gateways gateways, StripeClient client) {
    @Override
    public String toString() {
      return "Account[secretKey=****]";
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    simulator = StripeSimulator.start(0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (simulator != null) {
      simulator.close();
      simulator = null;
    }
  }

  /** The class's simulator, for its controls and for gateways with properties of a test's own. */
  StripeSimulator simulator() {
    if (simulator == null) {
      throw new IllegalStateException("The simulator runs only while the test class does");
    }
    return simulator;
  }

  /** A new account at the simulator: a key it has not seen yet, with gateways and a client. */
  Account newAccount() {
    String secretKey = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
    Gateways gateways = Gateways.at(simulator().baseUrl(), merchantId -> secretKey);
    return new Account(secretKey, gateways, gateways.clients().forKey(secretKey));
  }
}
