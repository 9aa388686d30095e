package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.state.Account;
import java.util.List;
import java.util.Map;

/**
 * PaymentIntents other resources make and confirm on the customer's behalf, such as a Checkout
 * Session's payment. They are charged exactly like API-confirmed ones; a decline is not thrown but
 * left on the returned PaymentIntent, since the customer, not the caller, would see it. Callers
 * hold the account's lock.
 */
public final class PaymentIntents {

  private PaymentIntents() {}

  /** What the PaymentIntent is for. */
  public record Spec(
      long amount,
      String currency,
      String customer,
      String description,
      Map<String, String> metadata,
      String setupFutureUsage,
      List<String> paymentMethodTypes) {}

  /** Creates a PaymentIntent for {@code spec} and confirms it on-session with the method given. */
  public static PaymentIntent createAndConfirm(
      Account account, Spec spec, PaymentMethod paymentMethod, long now) {
    PaymentIntentConfirmation.checkUsable(
        paymentMethod, spec.customer(), spec.paymentMethodTypes(), spec.currency());
    String id = StripeIds.paymentIntent();
    PaymentIntent intent =
        new PaymentIntent(
            id,
            spec.amount(),
            0,
            0,
            null,
            null,
            null,
            "automatic_async",
            StripeIds.clientSecret(id),
            "automatic",
            now,
            spec.currency(),
            spec.customer(),
            spec.description(),
            null,
            null,
            account.livemode(),
            spec.metadata(),
            null,
            paymentMethod.id(),
            Map.of(),
            spec.paymentMethodTypes(),
            null,
            spec.setupFutureUsage(),
            null,
            null,
            PaymentIntent.REQUIRES_CONFIRMATION,
            null,
            false);
    account.store(PaymentIntent.class).insert(id, intent);
    Events.emit(account, "payment_intent.created", intent);
    return charge(account, intent, paymentMethod, now);
  }

  /** Confirms an existing PaymentIntent again, e.g. with another card after a decline. */
  public static PaymentIntent confirm(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    PaymentIntentConfirmation.checkUsable(
        paymentMethod, intent.customer(), intent.paymentMethodTypes(), intent.currency());
    PaymentIntent confirming =
        account
            .store(PaymentIntent.class)
            .replace(intent.id(), intent.confirming(paymentMethod.id(), null, false));
    return charge(account, confirming, paymentMethod, now);
  }

  private static PaymentIntent charge(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    try {
      return PaymentIntentConfirmation.charge(account, intent, paymentMethod, now);
    } catch (ApiError error) {
      if (error.status() != 402) {
        throw error;
      }
      return account.store(PaymentIntent.class).find(intent.id()).orElseThrow();
    }
  }
}
