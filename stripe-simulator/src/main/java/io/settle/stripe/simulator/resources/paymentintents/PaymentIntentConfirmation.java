package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.Decline;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.resources.customers.TestBankAccount;
import io.settle.stripe.simulator.state.Account;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
  static void checkUsable(
      PaymentMethod paymentMethod, String customerId, List<String> types, String currency) {
    PaymentMethods.requireReusable(paymentMethod, "payment_method");
    if (PaymentMethod.US_BANK_ACCOUNT.equals(paymentMethod.type()) && !"usd".equals(currency)) {
      throw Currencies.unsupportedForBankAccounts(currency);
    }
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

  /**
   * Confirms a PaymentIntent already in requires_confirmation with {@code paymentMethod}: a card is
   * charged at once (or first authenticated), a bank account starts a debit that settles later, and
   * the customer's cash balance pays at once or waits for a bank transfer.
   */
  static PaymentIntent charge(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    if (paymentMethod.isCustomerBalance()) {
      return BankTransfers.confirm(account, intent, now);
    }
    if (!paymentMethod.isCard()) {
      return startDebit(account, intent, paymentMethod, now);
    }
    if (ThreeDSecure.required(paymentMethod, intent.offSession(), false)) {
      if (intent.offSession() && ThreeDSecure.declinesOffSession(paymentMethod)) {
        return chargeCard(
            account, intent, paymentMethod, Optional.of(Decline.AUTHENTICATION_REQUIRED), now);
      }
      PaymentIntent waiting =
          account
              .store(PaymentIntent.class)
              .replace(
                  intent.id(),
                  intent.requiringAction(
                      ThreeDSecure.nextAction(
                          account.simulation().baseUrl(), intent.id(), intent.returnUrl())));
      Events.emit(account, "payment_intent.requires_action", waiting);
      return waiting;
    }
    return chargeCard(account, intent, paymentMethod, paymentMethod.testCard().decline(), now);
  }

  /** After 3-D Secure succeeded: the charge itself, as the card dictates. */
  static PaymentIntent chargeAuthenticated(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    return chargeCard(account, intent, paymentMethod, paymentMethod.testCard().decline(), now);
  }

  private static PaymentIntent chargeCard(
      Account account,
      PaymentIntent intent,
      PaymentMethod paymentMethod,
      Optional<Decline> outcome,
      long now) {
    Charge charge = CardNetwork.charge(intent, paymentMethod, outcome, now);
    account.store(Charge.class).insert(charge.id(), charge);
    var paymentIntents = account.store(PaymentIntent.class);
    if (charge.succeeded()) {
      keepOrConsume(account, intent, paymentMethod);
      PaymentIntent succeeded = paymentIntents.replace(intent.id(), intent.succeeded(charge.id()));
      Events.emit(account, "payment_intent.succeeded", succeeded);
      return succeeded;
    }
    Decline decline = outcome.orElseThrow();
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
    Events.emit(account, "payment_intent.payment_failed", failed);
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
   * An ACH debit: the PaymentIntent is processing until the debit settles after {@link
   * AchNetwork#SETTLEMENT} of simulated time, or until a test settles it.
   */
  private static PaymentIntent startDebit(
      Account account, PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    Charge charge = AchNetwork.pending(intent, paymentMethod, now);
    account.store(Charge.class).insert(charge.id(), charge);
    keepOrConsume(account, intent, paymentMethod);
    PaymentIntent processing =
        account.store(PaymentIntent.class).replace(intent.id(), intent.processing(charge.id()));
    Events.emit(account, "payment_intent.processing", processing);
    scheduleSettlement(account, processing, paymentMethod, now);
    return processing;
  }

  /**
   * The debit settles on its own {@link AchNetwork#SETTLEMENT} after {@code debitedAt} (epoch
   * seconds), unless its test bank account never does.
   */
  static void scheduleSettlement(
      Account account, PaymentIntent processing, PaymentMethod paymentMethod, long debitedAt) {
    TestBankAccount.Settlement settlement = paymentMethod.testBankAccount().settlement();
    if (settlement != TestBankAccount.Settlement.NEVER_ON_ITS_OWN) {
      Instant due = Instant.ofEpochSecond(debitedAt).plus(AchNetwork.SETTLEMENT);
      account
          .simulation()
          .timers()
          .at(
              due,
              () ->
                  account.locked(
                      () ->
                          settleIfProcessing(
                              account,
                              processing.id(),
                              settlement == TestBankAccount.Settlement.SUCCEEDS)));
    }
  }

  private static PaymentIntent settleIfProcessing(
      Account account, String intentId, boolean succeed) {
    PaymentIntent intent = account.store(PaymentIntent.class).find(intentId).orElseThrow();
    return PaymentIntent.PROCESSING.equals(intent.status())
        ? settle(account, intent, succeed)
        : intent;
  }

  /** Ends a processing debit: the charge clears, or the bank returns it with its reason. */
  static PaymentIntent settle(Account account, PaymentIntent intent, boolean succeed) {
    var charges = account.store(Charge.class);
    Charge pending = charges.find(intent.latestCharge()).orElseThrow();
    PaymentMethod paymentMethod =
        account.store(PaymentMethod.class).find(intent.paymentMethod()).orElseThrow();
    var paymentIntents = account.store(PaymentIntent.class);
    if (succeed) {
      charges.replace(pending.id(), pending.settled(StripeIds.balanceTransaction()));
      PaymentIntent succeeded = paymentIntents.replace(intent.id(), intent.succeeded(pending.id()));
      Events.emit(account, "payment_intent.succeeded", succeeded);
      return succeeded;
    }
    TestBankAccount bank = paymentMethod.testBankAccount();
    charges.replace(pending.id(), pending.returned(bank.failureCode(), bank.failureMessage()));
    PaymentError error =
        new PaymentError(
            pending.id(),
            bank.failureCode(),
            null,
            ApiError.docUrl(bank.failureCode()),
            bank.failureMessage(),
            null,
            paymentMethod,
            PaymentMethod.US_BANK_ACCOUNT,
            ApiError.INVALID_REQUEST);
    PaymentIntent failed = paymentIntents.replace(intent.id(), intent.failed(pending.id(), error));
    Events.emit(account, "payment_intent.payment_failed", failed);
    return failed;
  }

  /** Ends 3-D Secure: the charge goes ahead, or the PaymentIntent needs a new payment method. */
  static PaymentIntent authenticate(Account account, PaymentIntent intent, boolean succeed) {
    PaymentMethod paymentMethod =
        account.store(PaymentMethod.class).find(intent.paymentMethod()).orElseThrow();
    long now = account.simulation().clock().instant().getEpochSecond();
    if (succeed) {
      try {
        return chargeAuthenticated(account, intent, paymentMethod, now);
      } catch (ApiError declined) {
        // The customer authenticated but the card declined; the PaymentIntent says so.
        return account.store(PaymentIntent.class).find(intent.id()).orElseThrow();
      }
    }
    PaymentError error =
        new PaymentError(
            null,
            "payment_intent_authentication_failure",
            null,
            ApiError.docUrl("payment_intent_authentication_failure"),
            "The provided PaymentMethod has failed authentication. You can provide"
                + " payment_method_data or a new PaymentMethod to attempt to fulfill this"
                + " PaymentIntent again.",
            null,
            paymentMethod,
            "card",
            ApiError.INVALID_REQUEST);
    PaymentIntent failed =
        account
            .store(PaymentIntent.class)
            .replace(intent.id(), intent.failed(intent.latestCharge(), error));
    Events.emit(account, "payment_intent.payment_failed", failed);
    return failed;
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
