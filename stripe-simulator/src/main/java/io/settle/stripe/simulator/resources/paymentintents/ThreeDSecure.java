package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.TestCard;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When the issuer asks for 3-D Secure and what the PaymentIntent or SetupIntent then tells the
 * client to do. The authentication page is the simulator's own; a test completes or fails it
 * through the control API.
 */
public final class ThreeDSecure {

  private ThreeDSecure() {}

  /** Whether confirming with {@code paymentMethod} needs the customer to authenticate. */
  public static boolean required(PaymentMethod paymentMethod, boolean offSession, boolean setup) {
    if (!paymentMethod.isCard()) {
      return false;
    }
    return switch (paymentMethod.testCard().authentication()) {
      case NEVER -> false;
      case ALWAYS, THREE_D_SECURE_2 -> true;
      // Setting the card up is exactly when it must authenticate; once set up, off-session
      // payments ride on that.
      case UNLESS_SET_UP -> setup || !(offSession && paymentMethod.setUp());
    };
  }

  /**
   * Off-session, nobody can authenticate: Stripe declines instead of asking, except for cards that
   * always ask (3DS2-required test cards).
   */
  static boolean declinesOffSession(PaymentMethod paymentMethod) {
    return paymentMethod.testCard().authentication() != TestCard.Authentication.THREE_D_SECURE_2;
  }

  /**
   * {@code next_action}: a redirect when the caller gave a {@code return_url}, else the payload
   * Stripe.js handles ({@code use_stripe_sdk}).
   */
  public static Map<String, Object> nextAction(String baseUrl, String intentId, String returnUrl) {
    String url = baseUrl + "/_simulator/3ds/" + intentId;
    Map<String, Object> action = new LinkedHashMap<>();
    if (returnUrl != null) {
      action.put("type", "redirect_to_url");
      action.put("redirect_to_url", Map.of("return_url", returnUrl, "url", url));
    } else {
      action.put("type", "use_stripe_sdk");
      action.put(
          "use_stripe_sdk",
          Map.of("type", "three_d_secure_redirect", "stripe_js", url, "source", intentId));
    }
    return action;
  }
}
