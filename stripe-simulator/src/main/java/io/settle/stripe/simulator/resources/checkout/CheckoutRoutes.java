package io.settle.stripe.simulator.resources.checkout;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.Metadata;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.resources.customers.Customer;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import io.settle.stripe.simulator.resources.paymentintents.Currencies;
import io.settle.stripe.simulator.state.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/checkout/sessions}: create, retrieve, expire and list, in {@code payment} mode only.
 * The customer's side (paying on the page) is the control API's {@link
 * CheckoutCompletion#complete}.
 */
public final class CheckoutRoutes {

  static final String NOUN = "checkout.session";

  private static final List<String> SUPPORTED_TYPES =
      List.of(PaymentMethod.CARD, PaymentMethod.US_BANK_ACCOUNT);
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
  private static final Duration MINIMUM_LIFETIME = Duration.ofMinutes(30);

  private CheckoutRoutes() {}

  public static void register(Router router) {
    router
        .post("/v1/checkout/sessions", CheckoutRoutes::create)
        .get("/v1/checkout/sessions", CheckoutRoutes::list)
        .get("/v1/checkout/sessions/{session}", CheckoutRoutes::retrieve)
        .post("/v1/checkout/sessions/{session}/expire", CheckoutRoutes::expire);
  }

  private static CheckoutSession create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    String mode =
        params
            .oneOf("mode", List.of("payment", "setup", "subscription"))
            .orElseThrow(() -> ApiError.parameterMissing("mode"));
    if (!mode.equals("payment")) {
      // Deliberately refused rather than half-simulated: Settle takes one-off payments.
      throw ApiError.invalidRequest(
          "The Stripe simulator supports only mode=payment Checkout Sessions, not mode="
              + mode
              + ".",
          "mode");
    }
    String successUrl = params.requiredString("success_url");
    if (params.has("customer") && params.has("customer_email")) {
      throw ApiError.invalidRequest(
          "You may only specify one of these parameters: customer, customer_email.",
          "customer",
          "parameters_exclusive");
    }
    String customer =
        params
            .string("customer")
            .map(id -> Customers.require(account, id, "customer").id())
            .orElse(null);
    List<Params> sentItems = params.hashes("line_items");
    if (sentItems.isEmpty()) {
      throw ApiError.parameterMissing("line_items");
    }
    String currency = null;
    List<CheckoutSession.LineItem> items = new ArrayList<>();
    for (Params item : sentItems) {
      Params priceData = item.nested("price_data");
      if (item.has("price") || !item.has("price_data")) {
        throw ApiError.invalidRequest(
            "The Stripe simulator supports line items with price_data only.",
            item.nameOf("price_data"));
      }
      String itemCurrency = Currencies.normalise(priceData.requiredString("currency"));
      if (currency != null && !currency.equals(itemCurrency)) {
        throw ApiError.invalidRequest(
            "All line items must use the same currency; got " + currency + " and " + itemCurrency,
            priceData.nameOf("currency"));
      }
      currency = itemCurrency;
      long unitAmount = priceData.requiredInteger("unit_amount");
      if (unitAmount < 0) {
        throw ApiError.invalidRequest(
            "This value must be greater than or equal to 0.",
            priceData.nameOf("unit_amount"),
            "parameter_invalid_integer");
      }
      long quantity = item.requiredInteger("quantity");
      if (quantity < 1) {
        throw ApiError.invalidRequest(
            "This value must be greater than or equal to 1.",
            item.nameOf("quantity"),
            "parameter_invalid_integer");
      }
      String name = priceData.nested("product_data").requiredString("name");
      items.add(new CheckoutSession.LineItem(name, unitAmount, quantity));
    }
    long total = items.stream().mapToLong(CheckoutSession.LineItem::amount).sum();
    long minimum = Currencies.minimum(currency);
    if (total < minimum) {
      throw ApiError.invalidRequest(
          "The Checkout Session's total amount due must add up to at least "
              + Currencies.format(minimum, currency)
              + " "
              + currency,
          null);
    }
    List<String> types = params.strings("payment_method_types");
    List<String> allowedTypes =
        !types.isEmpty()
            ? types
            : currency.equals("usd") ? SUPPORTED_TYPES : List.of(PaymentMethod.CARD);
    for (String type : allowedTypes) {
      if (!SUPPORTED_TYPES.contains(type)) {
        throw ApiError.invalidRequest(
            "The payment method type \"" + type + "\" is invalid or not supported.",
            "payment_method_types");
      }
      if (type.equals(PaymentMethod.US_BANK_ACCOUNT) && !currency.equals("usd")) {
        throw ApiError.invalidRequest(
            "The currency provided ("
                + currency
                + ") is invalid. Payments with us_bank_account support the following currencies:"
                + " usd.",
            "payment_method_types");
      }
    }
    long created = request.epochSecond();
    long expiresAt = expiresAt(params, created);
    Params intentData = params.nested("payment_intent_data");
    String id = StripeIds.checkoutSession();
    CheckoutSession session =
        new CheckoutSession(
            id,
            total,
            total,
            params.string("cancel_url").orElse(null),
            params.string("client_reference_id").orElse(null),
            created,
            currency,
            customer,
            null,
            params.string("customer_email").orElse(null),
            expiresAt,
            account.livemode(),
            Metadata.forCreate(params),
            mode,
            null,
            allowedTypes,
            "unpaid",
            CheckoutSession.OPEN,
            successUrl,
            account.simulation().baseUrl() + "/_simulator/checkout/" + id,
            List.copyOf(items),
            new CheckoutSession.PaymentIntentData(
                intentData.string("description").orElse(null),
                Metadata.forCreate(intentData),
                intentData
                    .oneOf("setup_future_usage", List.of("on_session", "off_session"))
                    .orElse(null)));
    account.store(CheckoutSession.class).insert(id, session);
    scheduleExpiry(account, session);
    return session;
  }

  /** Stripe expires an unpaid session on its own at expires_at. */
  private static void scheduleExpiry(Account account, CheckoutSession session) {
    account
        .simulation()
        .timers()
        .at(
            Instant.ofEpochSecond(session.expiresAt()),
            () -> account.locked(() -> expireIfOpen(account, session.id())));
  }

  /** After a restore from a state file, whose timers are not kept: open sessions expire again. */
  public static void resumeTimers(Account account) {
    account
        .store(CheckoutSession.class)
        .newestFirst()
        .filter(session -> CheckoutSession.OPEN.equals(session.status()))
        .forEach(session -> scheduleExpiry(account, session));
  }

  /** {@code expires_at}: 30 minutes to 24 hours after creation; 24 hours by default. */
  private static long expiresAt(Params params, long created) {
    var sent = params.integer("expires_at");
    if (sent.isEmpty()) {
      return created + DEFAULT_LIFETIME.toSeconds();
    }
    long expiresAt = sent.getAsLong();
    if (expiresAt > created + DEFAULT_LIFETIME.toSeconds()) {
      throw ApiError.invalidRequest(
          "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
          "expires_at");
    }
    if (expiresAt < created + MINIMUM_LIFETIME.toSeconds()) {
      throw ApiError.invalidRequest(
          "The `expires_at` timestamp must be at least 30 minutes from Checkout Session"
              + " creation.",
          "expires_at");
    }
    return expiresAt;
  }

  private static CheckoutSession retrieve(ApiRequest request) {
    return find(request);
  }

  private static CheckoutSession expire(ApiRequest request) {
    CheckoutSession session = find(request);
    if (!CheckoutSession.OPEN.equals(session.status())) {
      throw ApiError.invalidRequest(
          "Only Checkout Sessions with a status in [\"open\"] can be expired, but this one has a"
              + " status of "
              + session.status()
              + ".",
          null);
    }
    return expireIfOpen(request.account(), session.id());
  }

  private static CheckoutSession expireIfOpen(Account account, String id) {
    var sessions = account.store(CheckoutSession.class);
    CheckoutSession session = sessions.find(id).orElseThrow();
    if (!CheckoutSession.OPEN.equals(session.status())) {
      return session;
    }
    CheckoutSession expired = sessions.replace(id, session.expired());
    Events.emit(account, "checkout.session.expired", expired);
    return expired;
  }

  private static StripeList<CheckoutSession> list(ApiRequest request) {
    Params params = request.params();
    String paymentIntent = params.string("payment_intent").orElse(null);
    String customer = params.string("customer").orElse(null);
    String status = params.string("status").orElse(null);
    var sessions =
        request
            .account()
            .store(CheckoutSession.class)
            .newestFirst()
            .filter(s -> paymentIntent == null || paymentIntent.equals(s.paymentIntent()))
            .filter(s -> customer == null || customer.equals(s.customer()))
            .filter(s -> status == null || status.equals(s.status()))
            .toList();
    return StripeList.page(sessions, CheckoutSession::id, params, "/v1/checkout/sessions", NOUN);
  }

  private static CheckoutSession find(ApiRequest request) {
    String id = request.pathParam("session");
    return request
        .account()
        .store(CheckoutSession.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, id, "session"));
  }

  /** Who paid, as Checkout records it: the customer's email, or the one the session was given. */
  static CheckoutSession.CustomerDetails customerDetails(Account account, CheckoutSession session) {
    Customer customer = account.store(Customer.class).find(session.customer()).orElse(null);
    return new CheckoutSession.CustomerDetails(
        customer != null ? customer.email() : session.customerEmail(),
        customer != null ? customer.name() : null);
  }
}
