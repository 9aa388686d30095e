package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.state.Account;
import java.util.List;

/** Which of an account's endpoints an event goes to. */
final class WebhookEndpoints {

  private WebhookEndpoints() {}

  static List<String> subscribedTo(Account account, String type) {
    return account
        .store(WebhookEndpoint.class)
        .newestFirst()
        .filter(endpoint -> endpoint.subscribesTo(type))
        .map(WebhookEndpoint::id)
        .toList();
  }
}
