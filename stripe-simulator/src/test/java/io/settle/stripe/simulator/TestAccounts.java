package io.settle.stripe.simulator;

import com.stripe.StripeClient;
import java.util.UUID;

/** Fresh secret keys (each one a new simulated account) and clients for them. */
final class TestAccounts {

  private TestAccounts() {}

  static String newKey() {
    return "sk_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  static StripeClient client(StripeSimulator simulator, String key) {
    return StripeClient.builder().setApiKey(key).setApiBase(simulator.baseUrl()).build();
  }

  static StripeClient newAccount(StripeSimulator simulator) {
    return client(simulator, newKey());
  }
}
