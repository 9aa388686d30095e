package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.Decline;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.state.Account;
import java.util.List;

/**
 * Confirming a PaymentIntent: the checks Stripe makes before charging, then the charge and the
 * PaymentIntent's new state. A decline is persisted first and then thrown as the 402 Stripe sends,
 * carrying the PaymentIntent, so a retry of the same request replays the same outcome.
 */
final class PaymentIntentConfirmation {

  private PaymentIntentConfirmation() {}

  /**
   * Stripe's refusals for using {@code paymentMethod} on a PaymentIntent for {@code customerId}.
   */
  static void checkUsable(PaymentMethod paymentMethod, String customerId, List<String> types) {
    PaymentMethods.requireReusable(paymentMethod, "payment_method");
    if (paymentMethod.isAttached() && customerId == null) {
      throw ApiError.invalidRequest(
          "The provided PaymentMethod belongs to a Customer ("
              + paymentMethod.customer()
              + "). Please include the Customer in the `customer` parameter on the"
              + " PaymentIntent.",
          "payment_method");
    }
    if (paymentMethod.isAttached() && !paymentMethod.customer().equals(customerId)) {
      throw ApiError.invalidRequest(
          "The provided PaymentMethod ("
              + paymentMethod.id()
              + ") belongs to a different Customer than the one on this PaymentIntent ("
              + customerId
              + "). Use a PaymentMethod attached to "
              + customerId
              + " or attach this one to it first.",
          "payment_method");
    }
    if (!types.contains(paymentMethod.type())) {
      throw ApiError.invalidRequest(
          "The PaymentMethod provided ("
              + paymentMethod.type()
              + ") is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of"
              + " the following types: "
              + String.join(", ", types)
              + ".",
          "payment_method");
    }
  }

  /**
   * Stripe requires a {@code return_url} to confirm when the caller enabled automatic payment
   * methods with redirects allowed, since some of them send the customer away.
   */
  static void checkReturnUrl(PaymentIntent intent, String returnUrl) {
    PaymentIntent.AutomaticPaymentMethods automatic = intent.automaticPaymentMethods();
    if (automatic != null
        && automatic.requested()
        && automatic.enabled()
        && !"never".equals(automatic.allowRedirects())
        && returnUrl == null) {
      throw ApiError.invalidRequest(
          "A `return_url` must be specified because this Payment Intent is configured to"
              + " automatically accept the payment methods enabled in the Dashboard, some of"
              + " which may require a full page redirect to succeed. If you do not want to accept"
              + " redirect-based payment methods, set `automatic_payment_methods[enabled]` to"
              + " `true` and `automatic_payment_methods[allow_redirects]` to `never` when"
              + " creating Setup Intents and Payment Intents.",
          null);
    }
  }

  /** Charges {@code paymentMethod} for a PaymentIntent already in requires_confirmation. */
  static PaymentIntent charge(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    Charge charge = CardNetwork.charge(intent, paymentMethod, now);
    account.store(Charge.class).insert(charge.id(), charge);
    var paymentIntents = account.store(PaymentIntent.class);
    if (charge.succeeded()) {
      keepOrConsume(account, intent, paymentMethod);
      return paymentIntents.replace(intent.id(), intent.succeeded(charge.id()));
    }
    Decline decline = paymentMethod.testCard().decline().orElseThrow();
    PaymentError error =
        new PaymentError(
            charge.id(),
            decline.code(),
            decline.declineCode(),
            ApiError.docUrl(decline.code()),
            decline.message(),
            decline.param(),
            paymentMethod,
            "card",
            ApiError.CARD_ERROR);
    PaymentIntent failed = paymentIntents.replace(intent.id(), intent.failed(charge.id(), error));
    throw ApiError.card(
        decline.code(),
        decline.declineCode(),
        decline.message(),
        decline.param(),
        charge.id(),
        failed,
        paymentMethod);
  }

  /**
   * After a successful payment Stripe attaches the method when asked to save it ({@code
   * setup_future_usage}); a method used without a customer cannot be used again.
   */
  private static void keepOrConsume(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod) {
    if (paymentMethod.isAttached()) {
      return;
    }
    if (intent.setupFutureUsage() != null && intent.customer() != null) {
      PaymentMethods.attach(account, paymentMethod, intent.customer(), "payment_method");
    } else {
      account.store(PaymentMethod.class).replace(paymentMethod.id(), paymentMethod.asConsumed());
    }
  }
}
