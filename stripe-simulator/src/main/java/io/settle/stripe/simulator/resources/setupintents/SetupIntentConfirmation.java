package io.settle.stripe.simulator.resources.setupintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.resources.paymentintents.PaymentError;
import io.settle.stripe.simulator.resources.paymentintents.ThreeDSecure;
import io.settle.stripe.simulator.state.Account;
import java.util.List;
import java.util.Map;

/**
 * Confirming a SetupIntent: the checks Stripe makes, then what the payment method asks for. A card
 * is set up at once unless its issuer wants 3-D Secure; a bank account at once unless
 * micro-deposits must verify it. Once set up, the PaymentMethod is attached to the SetupIntent's
 * customer and remembered as authenticated for later off-session payments.
 */
final class SetupIntentConfirmation {

  static final String UNEXPECTED_STATE = "setup_intent_unexpected_state";

  private SetupIntentConfirmation() {}

  static ApiError unexpectedState(String message) {
    return ApiError.invalidRequest(message, null, UNEXPECTED_STATE);
  }

  /** Stripe's refusals for setting up {@code paymentMethod} for {@code customerId}. */
  static void checkUsable(PaymentMethod paymentMethod, String customerId, List<String> types) {
    PaymentMethods.requireReusable(paymentMethod, "payment_method");
    if (paymentMethod.isAttached() && !paymentMethod.customer().equals(customerId)) {
      throw ApiError.invalidRequest(
          "The provided PaymentMethod ("
              + paymentMethod.id()
              + ") is attached to a Customer ("
              + paymentMethod.customer()
              + ")"
              + (customerId == null
                  ? ". Please include the Customer in the `customer` parameter on the SetupIntent."
                  : " other than the one on this SetupIntent (" + customerId + ")."),
          "payment_method");
    }
    if (!types.contains(paymentMethod.type())) {
      throw ApiError.invalidRequest(
          "The PaymentMethod provided ("
              + paymentMethod.type()
              + ") is not allowed for this SetupIntent. Please attach a PaymentMethod of one of"
              + " the following types: "
              + String.join(", ", types)
              + ".",
          "payment_method");
    }
  }

  /** Confirms a SetupIntent already in requires_confirmation with {@code paymentMethod}. */
  static SetupIntent confirm(
      Account account, SetupIntent intent, PaymentMethod paymentMethod, long now) {
    String baseUrl = account.simulation().baseUrl();
    if (paymentMethod.isCard() && ThreeDSecure.required(paymentMethod, false, true)) {
      return requireAction(
          account, intent, ThreeDSecure.nextAction(baseUrl, intent.id(), intent.returnUrl()));
    }
    if (!paymentMethod.isCard() && Microdeposits.required(intent)) {
      return requireAction(account, intent, Microdeposits.nextAction(baseUrl, intent.id(), now));
    }
    return succeed(account, intent, paymentMethod);
  }

  private static SetupIntent requireAction(
      Account account, SetupIntent intent, Map<String, Object> nextAction) {
    SetupIntent waiting =
        account.store(SetupIntent.class).replace(intent.id(), intent.requiringAction(nextAction));
    Events.emit(account, "setup_intent.requires_action", waiting);
    return waiting;
  }

  private static SetupIntent succeed(
      Account account, SetupIntent intent, PaymentMethod paymentMethod) {
    PaymentMethod setUp =
        account.store(PaymentMethod.class).replace(paymentMethod.id(), paymentMethod.asSetUp());
    if (intent.customer() != null) {
      PaymentMethods.attach(account, setUp, intent.customer(), "payment_method");
    }
    SetupIntent succeeded =
        account.store(SetupIntent.class).replace(intent.id(), intent.succeeded());
    Events.emit(account, "setup_intent.succeeded", succeeded);
    return succeeded;
  }

  private static SetupIntent fail(Account account, SetupIntent intent, PaymentError error) {
    SetupIntent failed =
        account.store(SetupIntent.class).replace(intent.id(), intent.failed(error));
    Events.emit(account, "setup_intent.setup_failed", failed);
    return failed;
  }

  /** Ends 3-D Secure: the card is set up, or the SetupIntent needs a new payment method. */
  static SetupIntent authenticate(Account account, SetupIntent intent, boolean succeed) {
    PaymentMethod paymentMethod =
        account.store(PaymentMethod.class).find(intent.paymentMethod()).orElseThrow();
    if (succeed) {
      return succeed(account, intent, paymentMethod);
    }
    return fail(
        account,
        intent,
        error(
            "setup_intent_authentication_failure",
            "The latest attempt to set up the payment method has failed because authentication"
                + " failed.",
            paymentMethod));
  }

  /**
   * Checks the micro-deposits the customer read off their statement: right, the bank account is set
   * up; wrong, Stripe's mismatch error, and after {@link Microdeposits#MAX_ATTEMPTS} wrong answers
   * the SetupIntent needs a new payment method. Wrong answers are kept before the error is thrown.
   */
  static SetupIntent verifyMicrodeposits(Account account, SetupIntent intent, Params params) {
    if (!intent.awaitsMicrodeposits()) {
      throw unexpectedState(
          "You cannot verify micro-deposits on this SetupIntent because it has a status of "
              + intent.status()
              + ". Only a SetupIntent in requires_action with next_action"
              + " verify_with_microdeposits may be verified.");
    }
    int attempts = intent.microdepositAttempts() + 1;
    ApiError mismatch = Microdeposits.mismatch(params, Microdeposits.MAX_ATTEMPTS - attempts);
    PaymentMethod paymentMethod =
        account.store(PaymentMethod.class).find(intent.paymentMethod()).orElseThrow();
    if (mismatch == null) {
      return succeed(account, intent, paymentMethod);
    }
    if (attempts >= Microdeposits.MAX_ATTEMPTS) {
      ApiError exceeded = Microdeposits.attemptsExceeded();
      SetupIntent failed =
          fail(
              account,
              intent,
              error(exceeded.body().code(), exceeded.body().message(), paymentMethod));
      throw exceeded.withSetupIntent(failed);
    }
    SetupIntent missed =
        account.store(SetupIntent.class).replace(intent.id(), intent.missedMicrodeposits());
    throw mismatch.withSetupIntent(missed);
  }

  private static PaymentError error(String code, String message, PaymentMethod paymentMethod) {
    return new PaymentError(
        null,
        code,
        null,
        ApiError.docUrl(code),
        message,
        null,
        paymentMethod,
        paymentMethod.type(),
        ApiError.INVALID_REQUEST);
  }
}
