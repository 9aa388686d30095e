package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.CreatedFilter;
import io.settle.stripe.simulator.resources.Metadata;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.customers.PaymentMethods;
import io.settle.stripe.simulator.resources.search.SearchResult;
import io.settle.stripe.simulator.state.Account;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/payment_intents}: create (and confirm), retrieve, confirm, cancel, list, search. */
public final class PaymentIntentRoutes {

  private static final String NOUN = "payment_intent";
  private static final List<String> CANCELLATION_REASONS =
      List.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");
  private static final List<String> SUPPORTED_TYPES = List.of("card", "us_bank_account");

  /** What a caller may list: the cash balance is never among the automatic ones. */
  private static final List<String> LISTABLE_TYPES =
      List.of("card", "us_bank_account", PaymentMethod.CUSTOMER_BALANCE);

  private PaymentIntentRoutes() {}

  public static void register(Router router) {
    router
        .post("/v1/payment_intents", PaymentIntentRoutes::create)
        .get("/v1/payment_intents", PaymentIntentRoutes::list)
        .get("/v1/payment_intents/search", PaymentIntentRoutes::search)
        .get("/v1/payment_intents/{intent}", PaymentIntentRoutes::retrieve)
        .post("/v1/payment_intents/{intent}/confirm", PaymentIntentRoutes::confirm)
        .post("/v1/payment_intents/{intent}/cancel", PaymentIntentRoutes::cancel);
  }

  /**
   * After a restore from a state file, whose timers are not kept: each processing ACH debit settles
   * on its own again when its charge's settlement comes due.
   */
  public static void resumeTimers(Account account) {
    account
        .store(PaymentIntent.class)
        .newestFirst()
        .filter(intent -> PaymentIntent.PROCESSING.equals(intent.status()))
        .forEach(
            intent -> {
              var paymentMethod = account.store(PaymentMethod.class).find(intent.paymentMethod());
              var charge = account.store(Charge.class).find(intent.latestCharge());
              if (paymentMethod.isPresent()
                  && paymentMethod.get().testBankAccount() != null
                  && charge.isPresent()) {
                PaymentIntentConfirmation.scheduleSettlement(
                    account, intent, paymentMethod.get(), charge.get().created());
              }
            });
  }

  private static PaymentIntent create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    long amount = params.requiredInteger("amount");
    String currency = Currencies.normalise(params.requiredString("currency"));
    Currencies.checkAmount(amount, currency);
    String customer =
        params
            .string("customer")
            .map(id -> Customers.require(account, id, "customer").id())
            .orElse(null);
    List<String> types = params.strings("payment_method_types");
    PaymentIntent.AutomaticPaymentMethods automatic = automaticPaymentMethods(params, types);
    // Automatic payment methods offer what the currency allows: ACH only in US dollars.
    List<String> allowedTypes =
        !types.isEmpty()
            ? types
            : currency.equals("usd") ? SUPPORTED_TYPES : List.of(PaymentMethod.CARD);
    for (String type : allowedTypes) {
      if (!LISTABLE_TYPES.contains(type)) {
        throw ApiError.invalidRequest(
            "The payment method type \"" + type + "\" is invalid or not supported.",
            "payment_method_types");
      }
      if (type.equals(PaymentMethod.US_BANK_ACCOUNT) && !currency.equals("usd")) {
        throw Currencies.unsupportedForBankAccounts(currency);
      }
    }
    String captureMethod =
        params
            .oneOf("capture_method", List.of("automatic", "automatic_async", "manual"))
            .orElse("automatic_async");
    if (captureMethod.equals("manual")) {
      // Deliberately refused rather than half-simulated: Settle captures automatically.
      throw ApiError.invalidRequest(
          "The Stripe simulator does not support capture_method=manual yet.", "capture_method");
    }
    boolean confirm = params.flag("confirm");
    boolean offSession = offSession(params);
    String returnUrl = params.string("return_url").orElse(null);
    Map<String, Object> paymentMethodOptions = BankTransfers.options(params, currency);
    if (params.has("payment_method") && params.has("payment_method_data")) {
      throw ApiError.invalidRequest(
          "You may only specify one of these parameters: payment_method, payment_method_data.",
          "payment_method_data",
          "parameters_exclusive");
    }
    PaymentMethod paymentMethod =
        params.has("payment_method_data")
            ? PaymentMethods.fromData(account, params.nested("payment_method_data"), request.now())
            : params
                .string("payment_method")
                .map(ref -> PaymentMethods.resolve(account, ref, "payment_method", request.now()))
                .orElse(null);
    if (paymentMethod != null) {
      PaymentIntentConfirmation.checkUsable(paymentMethod, customer, allowedTypes, currency);
      if (paymentMethod.isCustomerBalance()) {
        BankTransfers.checkUsable(customer, paymentMethodOptions);
      }
    }
    if (confirm && paymentMethod == null) {
      throw missingPaymentMethod(customer);
    }
    String id = StripeIds.paymentIntent();
    PaymentIntent intent =
        new PaymentIntent(
            id,
            amount,
            0,
            0,
            automatic,
            null,
            null,
            captureMethod,
            StripeIds.clientSecret(id),
            params.oneOf("confirmation_method", List.of("automatic", "manual")).orElse("automatic"),
            request.epochSecond(),
            currency,
            customer,
            params.string("description").orElse(null),
            null,
            null,
            account.livemode(),
            Metadata.forCreate(params),
            null,
            paymentMethod == null ? null : paymentMethod.id(),
            paymentMethodOptions,
            allowedTypes,
            params.string("receipt_email").orElse(null),
            params.oneOf("setup_future_usage", List.of("on_session", "off_session")).orElse(null),
            params.string("statement_descriptor").orElse(null),
            params.string("statement_descriptor_suffix").orElse(null),
            paymentMethod == null
                ? PaymentIntent.REQUIRES_PAYMENT_METHOD
                : PaymentIntent.REQUIRES_CONFIRMATION,
            returnUrl,
            offSession);
    if (confirm) {
      PaymentIntentConfirmation.checkReturnUrl(intent, returnUrl);
    }
    account.store(PaymentIntent.class).insert(id, intent);
    Events.emit(account, "payment_intent.created", intent);
    if (!confirm) {
      return intent;
    }
    return PaymentIntentConfirmation.charge(account, intent, paymentMethod, request.epochSecond());
  }

  private static PaymentIntent retrieve(ApiRequest request) {
    return find(request);
  }

  private static PaymentIntent confirm(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    PaymentIntent intent = find(request);
    switch (intent.status()) {
      case PaymentIntent.SUCCEEDED ->
          throw ApiError.unexpectedState(
              "You cannot confirm this PaymentIntent because it has already succeeded after being"
                  + " previously confirmed.");
      case PaymentIntent.REQUIRES_PAYMENT_METHOD,
          PaymentIntent.REQUIRES_CONFIRMATION,
          PaymentIntent.REQUIRES_ACTION -> {}
      default ->
          throw ApiError.unexpectedState(
              "You cannot confirm this PaymentIntent because it has a status of "
                  + intent.status()
                  + ". Only a PaymentIntent with one of the following statuses may be confirmed:"
                  + " requires_confirmation, requires_payment_method, requires_action.");
    }
    boolean offSession = params.has("off_session") ? offSession(params) : intent.offSession();
    String returnUrl = params.string("return_url").orElse(intent.returnUrl());
    String reference = params.string("payment_method").orElse(intent.paymentMethod());
    if (reference == null) {
      throw missingPaymentMethod(intent.customer());
    }
    PaymentMethod paymentMethod =
        PaymentMethods.resolve(account, reference, "payment_method", request.now());
    PaymentIntentConfirmation.checkUsable(
        paymentMethod, intent.customer(), intent.paymentMethodTypes(), intent.currency());
    if (paymentMethod.isCustomerBalance()) {
      BankTransfers.checkUsable(intent.customer(), intent.paymentMethodOptions());
    }
    PaymentIntentConfirmation.checkReturnUrl(intent, returnUrl);
    PaymentIntent confirming =
        account
            .store(PaymentIntent.class)
            .replace(intent.id(), intent.confirming(paymentMethod.id(), returnUrl, offSession));
    return PaymentIntentConfirmation.charge(
        account, confirming, paymentMethod, request.epochSecond());
  }

  private static PaymentIntent cancel(ApiRequest request) {
    PaymentIntent intent = find(request);
    if (intent.status().equals(PaymentIntent.SUCCEEDED)
        || intent.status().equals(PaymentIntent.CANCELED)) {
      throw ApiError.unexpectedState(
          "You cannot cancel this PaymentIntent because it has a status of "
              + intent.status()
              + ". Only a PaymentIntent with one of the following statuses may be canceled:"
              + " requires_payment_method, requires_capture, requires_confirmation,"
              + " requires_action, processing.");
    }
    String reason =
        request.params().oneOf("cancellation_reason", CANCELLATION_REASONS).orElse(null);
    PaymentIntent canceled =
        request
            .account()
            .store(PaymentIntent.class)
            .replace(intent.id(), intent.canceled(reason, request.epochSecond()));
    Events.emit(request.account(), "payment_intent.canceled", canceled);
    return canceled;
  }

  /** Newest first, by {@code customer} and {@code created} (a timestamp or a range), paged. */
  private static StripeList<PaymentIntent> list(ApiRequest request) {
    Params params = request.params();
    String customer = params.string("customer").orElse(null);
    var intents =
        request
            .account()
            .store(PaymentIntent.class)
            .newestFirst()
            .filter(pi -> customer == null || customer.equals(pi.customer()))
            .filter(CreatedFilter.of(params, PaymentIntent::created))
            .toList();
    return StripeList.page(intents, PaymentIntent::id, params, "/v1/payment_intents", NOUN);
  }

  private static SearchResult<PaymentIntent> search(ApiRequest request) {
    return SearchResult.search(
        request.account().store(PaymentIntent.class).newestFirst(),
        request.params(),
        Set.of("amount", "created", "currency", "customer", "metadata", "status"),
        Set.of("amount", "created"),
        "payment_intents",
        "/v1/payment_intents/search");
  }

  private static PaymentIntent find(ApiRequest request) {
    String id = request.pathParam("intent");
    return request
        .account()
        .store(PaymentIntent.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, id, "intent"));
  }

  /**
   * Stripe turns on automatic payment methods unless the caller lists the types; asking for both is
   * an error.
   */
  private static PaymentIntent.AutomaticPaymentMethods automaticPaymentMethods(
      Params params, List<String> types) {
    Params automatic = params.nested("automatic_payment_methods");
    boolean requested = params.has("automatic_payment_methods");
    if (requested && !types.isEmpty()) {
      throw ApiError.invalidRequest(
          "You may only specify one of these parameters: automatic_payment_methods,"
              + " payment_method_types.",
          "automatic_payment_methods",
          "parameters_exclusive");
    }
    if (!types.isEmpty()) {
      return null;
    }
    if (requested && !automatic.flag("enabled")) {
      return null;
    }
    String allowRedirects =
        automatic.oneOf("allow_redirects", List.of("always", "never")).orElse("always");
    return new PaymentIntent.AutomaticPaymentMethods(allowRedirects, true, requested);
  }

  /** {@code off_session} is a boolean, or {@code one_off}/{@code recurring} (both mean true). */
  private static boolean offSession(Params params) {
    return params
        .string("off_session")
        .map(
            value ->
                switch (value) {
                  case "true", "one_off", "recurring" -> true;
                  case "false" -> false;
                  default ->
                      throw ApiError.invalidRequest("Invalid boolean: " + value, "off_session");
                })
        .orElse(false);
  }

  private static ApiError missingPaymentMethod(String customer) {
    return ApiError.unexpectedState(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm"
            + " the PaymentIntent"
            + (customer == null ? "" : " with " + customer)
            + ", specify a payment method attached to this customer along with the customer ID.");
  }

  /**
   * Completes or fails the 3-D Secure a PaymentIntent in {@code requires_action} is waiting for.
   * For the control API; runs under the account's lock.
   */
  public static PaymentIntent authenticate(Account account, String intentId, boolean succeed) {
    return account.locked(
        () -> {
          PaymentIntent intent = account.store(PaymentIntent.class).find(intentId).orElseThrow();
          if (!PaymentIntent.REQUIRES_ACTION.equals(intent.status())) {
            throw new IllegalStateException(
                intentId + " is " + intent.status() + ", not requires_action");
          }
          return PaymentIntentConfirmation.authenticate(account, intent, succeed);
        });
  }

  /**
   * Settles a processing ACH PaymentIntent now: it succeeds, or fails with its test bank account's
   * reason ({@code insufficient_funds} for accounts that would have succeeded).
   */
  public static PaymentIntent settle(Account account, String intentId, boolean succeed) {
    return account.locked(
        () -> {
          PaymentIntent intent = account.store(PaymentIntent.class).find(intentId).orElseThrow();
          if (!PaymentIntent.PROCESSING.equals(intent.status())) {
            throw new IllegalStateException(
                intentId + " is " + intent.status() + ", not processing");
          }
          return PaymentIntentConfirmation.settle(account, intent, succeed);
        });
  }

  /** PaymentIntents created in every account, for the simulator's own counters. */
  public static int countIn(Iterable<Account> accounts) {
    int count = 0;
    for (Account account : accounts) {
      count += account.store(PaymentIntent.class).size();
    }
    return count;
  }
}
