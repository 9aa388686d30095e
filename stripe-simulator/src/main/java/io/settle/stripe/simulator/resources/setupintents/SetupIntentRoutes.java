package io.settle.stripe.simulator.resources.setupintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.Metadata;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.state.Account;
import java.util.List;

/**
 * {@code /v1/setup_intents}: create (and confirm), retrieve, update, confirm, cancel, list, and
 * verify micro-deposits.
 */
public final class SetupIntentRoutes {

  private static final String NOUN = "setup_intent";
  private static final List<String> SUPPORTED_TYPES =
      List.of(PaymentMethod.CARD, PaymentMethod.US_BANK_ACCOUNT);
  private static final List<String> CANCELLATION_REASONS =
      List.of("abandoned", "requested_by_customer", "duplicate");

  private SetupIntentRoutes() {}

  public static void register(Router router) {
    router
        .post("/v1/setup_intents", SetupIntentRoutes::create)
        .get("/v1/setup_intents", SetupIntentRoutes::list)
        .get("/v1/setup_intents/{intent}", SetupIntentRoutes::retrieve)
        .post("/v1/setup_intents/{intent}", SetupIntentRoutes::update)
        .post("/v1/setup_intents/{intent}/confirm", SetupIntentRoutes::confirm)
        .post("/v1/setup_intents/{intent}/cancel", SetupIntentRoutes::cancel)
        .post(
            "/v1/setup_intents/{intent}/verify_microdeposits",
            SetupIntentRoutes::verifyMicrodeposits);
  }

  private static SetupIntent create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    String customer =
        params
            .string("customer")
            .map(id -> Customers.require(account, id, "customer").id())
            .orElse(null);
    List<String> types = params.strings("payment_method_types");
    // Without a list Stripe offers what the Dashboard enables; here that is every simulated type.
    List<String> allowedTypes = types.isEmpty() ? SUPPORTED_TYPES : types;
    for (String type : allowedTypes) {
      if (!SUPPORTED_TYPES.contains(type)) {
        throw ApiError.invalidRequest(
            "The payment method type \"" + type + "\" is invalid or not supported.",
            "payment_method_types");
      }
    }
    SetupIntent.PaymentMethodOptions options = options(params, allowedTypes);
    String usage =
        params.oneOf("usage", List.of("on_session", "off_session")).orElse("off_session");
    boolean confirm = params.flag("confirm");
    String returnUrl = params.string("return_url").orElse(null);
    PaymentMethod paymentMethod =
        params
            .string("payment_method")
            .map(ref -> PaymentMethods.resolve(account, ref, "payment_method", request.now()))
            .orElse(null);
    if (paymentMethod != null) {
      SetupIntentConfirmation.checkUsable(paymentMethod, customer, allowedTypes);
    }
    if (confirm && paymentMethod == null) {
      throw missingPaymentMethod();
    }
    String id = StripeIds.setupIntent();
    SetupIntent intent =
        new SetupIntent(
            id,
            null,
            StripeIds.clientSecret(id),
            request.epochSecond(),
            customer,
            params.string("description").orElse(null),
            null,
            account.livemode(),
            Metadata.forCreate(params),
            null,
            paymentMethod == null ? null : paymentMethod.id(),
            options,
            allowedTypes,
            paymentMethod == null
                ? SetupIntent.REQUIRES_PAYMENT_METHOD
                : SetupIntent.REQUIRES_CONFIRMATION,
            usage,
            returnUrl,
            0);
    account.store(SetupIntent.class).insert(id, intent);
    Events.emit(account, "setup_intent.created", intent);
    if (!confirm) {
      return intent;
    }
    return SetupIntentConfirmation.confirm(account, intent, paymentMethod, request.epochSecond());
  }

  /** {@code payment_method_options} for each allowed type, with Stripe's defaults. */
  private static SetupIntent.PaymentMethodOptions options(Params params, List<String> types) {
    Params sent = params.nested("payment_method_options");
    SetupIntent.PaymentMethodOptions.Card card = null;
    if (types.contains(PaymentMethod.CARD)) {
      card =
          new SetupIntent.PaymentMethodOptions.Card(
              sent.nested("card")
                  .oneOf("request_three_d_secure", List.of("any", "automatic", "challenge"))
                  .orElse("automatic"));
    }
    SetupIntent.PaymentMethodOptions.UsBankAccount bank = null;
    if (types.contains(PaymentMethod.US_BANK_ACCOUNT)) {
      bank =
          new SetupIntent.PaymentMethodOptions.UsBankAccount(
              sent.nested("us_bank_account")
                  .oneOf("verification_method", List.of("automatic", "instant", "microdeposits"))
                  .orElse("automatic"));
    }
    return new SetupIntent.PaymentMethodOptions(card, bank);
  }

  private static SetupIntent retrieve(ApiRequest request) {
    return find(request);
  }

  /** Metadata and description any time; a new payment method only before it is set up. */
  private static SetupIntent update(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    SetupIntent intent = find(request);
    SetupIntent updated =
        intent.withMetadataAndDescription(
            Metadata.merge(intent.metadata(), params),
            params.has("description")
                ? params.string("description").orElse(null)
                : intent.description());
    var reference = params.string("payment_method");
    if (reference.isPresent()) {
      if (!awaitsPaymentMethodOrConfirmation(intent)) {
        throw unexpectedStateFor("update", intent);
      }
      PaymentMethod paymentMethod =
          PaymentMethods.resolve(account, reference.get(), "payment_method", request.now());
      SetupIntentConfirmation.checkUsable(
          paymentMethod, intent.customer(), intent.paymentMethodTypes());
      updated = updated.withPaymentMethod(paymentMethod.id(), SetupIntent.REQUIRES_CONFIRMATION);
    }
    return account.store(SetupIntent.class).replace(intent.id(), updated);
  }

  private static SetupIntent confirm(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    SetupIntent intent = find(request);
    if (intent.status().equals(SetupIntent.SUCCEEDED)) {
      throw SetupIntentConfirmation.unexpectedState(
          "You cannot confirm this SetupIntent because it has already succeeded after being"
              + " previously confirmed.");
    }
    if (!awaitsPaymentMethodOrConfirmation(intent)) {
      throw unexpectedStateFor("confirm", intent);
    }
    String returnUrl = params.string("return_url").orElse(intent.returnUrl());
    String reference = params.string("payment_method").orElse(intent.paymentMethod());
    if (reference == null) {
      throw missingPaymentMethod();
    }
    PaymentMethod paymentMethod =
        PaymentMethods.resolve(account, reference, "payment_method", request.now());
    SetupIntentConfirmation.checkUsable(
        paymentMethod, intent.customer(), intent.paymentMethodTypes());
    SetupIntent confirming =
        account
            .store(SetupIntent.class)
            .replace(intent.id(), intent.confirming(paymentMethod.id(), returnUrl));
    return SetupIntentConfirmation.confirm(
        account, confirming, paymentMethod, request.epochSecond());
  }

  private static SetupIntent cancel(ApiRequest request) {
    SetupIntent intent = find(request);
    if (!awaitsPaymentMethodOrConfirmation(intent)) {
      throw unexpectedStateFor("cancel", intent);
    }
    String reason =
        request.params().oneOf("cancellation_reason", CANCELLATION_REASONS).orElse(null);
    SetupIntent canceled =
        request.account().store(SetupIntent.class).replace(intent.id(), intent.canceled(reason));
    Events.emit(request.account(), "setup_intent.canceled", canceled);
    return canceled;
  }

  private static SetupIntent verifyMicrodeposits(ApiRequest request) {
    return SetupIntentConfirmation.verifyMicrodeposits(
        request.account(), find(request), request.params());
  }

  private static StripeList<SetupIntent> list(ApiRequest request) {
    Params params = request.params();
    String customer = params.string("customer").orElse(null);
    String paymentMethod = params.string("payment_method").orElse(null);
    var intents =
        request
            .account()
            .store(SetupIntent.class)
            .newestFirst()
            .filter(si -> customer == null || customer.equals(si.customer()))
            .filter(si -> paymentMethod == null || paymentMethod.equals(si.paymentMethod()))
            .toList();
    return StripeList.page(intents, SetupIntent::id, params, "/v1/setup_intents", NOUN);
  }

  private static SetupIntent find(ApiRequest request) {
    String id = request.pathParam("intent");
    return request
        .account()
        .store(SetupIntent.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, id, "intent"));
  }

  private static boolean awaitsPaymentMethodOrConfirmation(SetupIntent intent) {
    return switch (intent.status()) {
      case SetupIntent.REQUIRES_PAYMENT_METHOD,
          SetupIntent.REQUIRES_CONFIRMATION,
          SetupIntent.REQUIRES_ACTION ->
          true;
      default -> false;
    };
  }

  private static ApiError unexpectedStateFor(String verb, SetupIntent intent) {
    return SetupIntentConfirmation.unexpectedState(
        "You cannot "
            + verb
            + (verb.equals("cancel") ? "" : verb.equals("update") ? " the payment_method of" : "")
            + " this SetupIntent because it has a status of "
            + intent.status()
            + ". Only a SetupIntent with one of the following statuses may be "
            + (verb.equals("cancel") ? "canceled" : verb + "d")
            + ": requires_payment_method, requires_confirmation, requires_action.");
  }

  private static ApiError missingPaymentMethod() {
    return SetupIntentConfirmation.unexpectedState(
        "You cannot confirm this SetupIntent because it's missing a payment method. Update the"
            + " SetupIntent with a payment method and then confirm it again.");
  }

  /**
   * Completes or fails the 3-D Secure a SetupIntent in {@code requires_action} is waiting for. For
   * the control API; runs under the account's lock.
   */
  public static SetupIntent authenticate(Account account, String intentId, boolean succeed) {
    return account.locked(
        () -> {
          SetupIntent intent = account.store(SetupIntent.class).find(intentId).orElseThrow();
          if (!SetupIntent.REQUIRES_ACTION.equals(intent.status())
              || intent.awaitsMicrodeposits()) {
            throw new IllegalStateException(
                intentId + " is " + intent.status() + ", not waiting for 3-D Secure");
          }
          return SetupIntentConfirmation.authenticate(account, intent, succeed);
        });
  }
}
