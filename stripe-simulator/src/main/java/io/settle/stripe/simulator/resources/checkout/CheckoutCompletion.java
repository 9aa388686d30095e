package io.settle.stripe.simulator.resources.checkout;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntent;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntents;
import io.settle.stripe.simulator.state.Account;
import java.time.Instant;

/**
 * The customer's side of a Checkout Session: paying on the page. A PaymentIntent is made from the
 * session's total and {@code payment_intent_data} and charged like any other; a card that pays
 * completes the session as paid, a bank debit completes it unpaid until the debit settles, and a
 * decline (or 3-D Secure) leaves it open with the PaymentIntent attached, so paying again with
 * another method retries that same PaymentIntent, as on Stripe's page.
 */
public final class CheckoutCompletion {

  private CheckoutCompletion() {}

  /**
   * Pays {@code sessionId} with {@code paymentMethod} (a magic test id or a {@code pm_…} of the
   * session's customer) and returns the PaymentIntent. For the control API; takes the account's
   * lock.
   */
  public static PaymentIntent complete(Account account, String sessionId, String paymentMethod) {
    return account.locked(
        () -> {
          var sessions = account.store(CheckoutSession.class);
          CheckoutSession session = sessions.find(sessionId).orElseThrow();
          if (!CheckoutSession.OPEN.equals(session.status())) {
            throw new IllegalStateException(sessionId + " is " + session.status() + ", not open");
          }
          Instant now = account.simulation().clock().instant();
          PaymentMethod method =
              PaymentMethods.resolve(account, paymentMethod, "payment_method", now);
          if (!session.paymentMethodTypes().contains(method.type())) {
            throw new IllegalArgumentException(
                sessionId + " does not accept " + method.type() + " payment methods");
          }
          PaymentIntent existing =
              account.store(PaymentIntent.class).find(session.paymentIntent()).orElse(null);
          PaymentIntent intent =
              existing == null
                  ? PaymentIntents.createAndConfirm(
                      account, spec(session), method, now.getEpochSecond())
                  : PaymentIntents.confirm(account, existing, method, now.getEpochSecond());
          CheckoutSession paying =
              sessions.replace(sessionId, session.withPaymentIntent(intent.id()));
          boolean paid = PaymentIntent.SUCCEEDED.equals(intent.status());
          if (paid || PaymentIntent.PROCESSING.equals(intent.status())) {
            CheckoutSession completed =
                sessions.replace(
                    sessionId,
                    paying.completed(paid, CheckoutRoutes.customerDetails(account, paying)));
            Events.emit(account, "checkout.session.completed", completed);
          }
          return intent;
        });
  }

  private static PaymentIntents.Spec spec(CheckoutSession session) {
    CheckoutSession.PaymentIntentData data = session.paymentIntentData();
    return new PaymentIntents.Spec(
        session.amountTotal(),
        session.currency(),
        session.customer(),
        data.description(),
        data.metadata(),
        data.setupFutureUsage(),
        session.paymentMethodTypes());
  }
}
