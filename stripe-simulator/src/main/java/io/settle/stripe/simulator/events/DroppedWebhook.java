package io.settle.stripe.simulator.events;

import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.state.Account;

/**
 * An event a {@link WebhookFaults} dropped: never delivered. {@code paymentIntent} is the {@code
 * pi_…} in {@code data.object} when that is a PaymentIntent, so a chaos run can tell which invoices
 * had to recover without their webhook; null for other events.
 */
public record DroppedWebhook(String id, String type, String account, String paymentIntent) {

  static DroppedWebhook of(Account account, Event event) {
    // The events package knows no resource types; the object's own JSON says what it is.
    var object = Json.tree(event.data().object());
    String paymentIntent =
        "payment_intent".equals(object.path("object").asText())
            ? object.path("id").asText(null)
            : null;
    return new DroppedWebhook(event.id(), event.type(), account.id(), paymentIntent);
  }
}
