package io.settle.stripe.simulator.resources.customers;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.ApiRequest;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.http.Router;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.Metadata;
import io.settle.stripe.simulator.resources.StripeList;
import io.settle.stripe.simulator.resources.search.SearchResult;
import io.settle.stripe.simulator.state.Account;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/customers}: create, retrieve, update, list, search, and a customer's payment methods.
 */
public final class CustomerRoutes {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> SEARCH_FIELDS =
      Set.of("created", "email", "metadata", "name", "phone");

  private CustomerRoutes() {}

  public static void register(Router router) {
    router
        .post("/v1/customers", CustomerRoutes::create)
        .get("/v1/customers", CustomerRoutes::list)
        .get("/v1/customers/search", CustomerRoutes::search)
        .get("/v1/customers/{id}", CustomerRoutes::retrieve)
        .post("/v1/customers/{id}", CustomerRoutes::update)
        .get("/v1/customers/{id}/payment_methods", CustomerRoutes::paymentMethods)
        .get("/v1/customers/{id}/payment_methods/{pm}", CustomerRoutes::paymentMethod);
  }

  private static Customer create(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    String email = email(params);
    var metadata = Metadata.forCreate(params);
    String id = StripeIds.customer();
    // Validate everything before anything is stored: a rejected request leaves no customer.
    PaymentMethod attaching =
        params
            .string("payment_method")
            .map(ref -> PaymentMethods.resolve(account, ref, "payment_method", request.now()))
            .orElse(null);
    if (attaching != null) {
      PaymentMethods.requireReusable(attaching, "payment_method");
      if (attaching.isAttached()) {
        throw ApiError.invalidRequest(
            "The payment method you provided has already been attached to a customer.",
            "payment_method");
      }
    }
    Params invoiceSettings = params.nested("invoice_settings");
    String defaultPaymentMethod = invoiceSettings.string("default_payment_method").orElse(null);
    if (defaultPaymentMethod != null) {
      boolean isTheOneAttached =
          attaching != null
              && (defaultPaymentMethod.equals(params.string("payment_method").orElseThrow())
                  || defaultPaymentMethod.equals(attaching.id()));
      if (!isTheOneAttached) {
        throw notAttached(defaultPaymentMethod, invoiceSettings);
      }
      defaultPaymentMethod = attaching.id();
    }
    Customer customer =
        new Customer(
            id,
            request.epochSecond(),
            params.string("description").orElse(null),
            email,
            StripeIds.random(8).toUpperCase(Locale.ROOT),
            new Customer.InvoiceSettings(defaultPaymentMethod),
            account.livemode(),
            metadata,
            params.string("name").orElse(null),
            params.string("phone").orElse(null));
    account.store(Customer.class).insert(id, customer);
    Events.emit(account, "customer.created", customer);
    if (attaching != null) {
      PaymentMethods.attach(account, attaching, id, "payment_method");
    }
    return customer;
  }

  private static Customer retrieve(ApiRequest request) {
    return Customers.require(request.account(), request.pathParam("id"), "id");
  }

  private static Customer update(ApiRequest request) {
    Params params = request.params();
    Account account = request.account();
    Customer current = Customers.require(account, request.pathParam("id"), "id");
    String email = params.has("email") ? email(params) : current.email();
    String defaultPaymentMethod = current.defaultPaymentMethod();
    Params invoiceSettings = params.nested("invoice_settings");
    if (invoiceSettings.has("default_payment_method")) {
      defaultPaymentMethod = invoiceSettings.string("default_payment_method").orElse(null);
      if (defaultPaymentMethod != null) {
        String wanted = defaultPaymentMethod;
        boolean attachedHere =
            account
                .store(PaymentMethod.class)
                .find(wanted)
                .filter(pm -> current.id().equals(pm.customer()))
                .isPresent();
        if (!attachedHere) {
          throw notAttached(wanted, invoiceSettings);
        }
      }
    }
    Customer updated =
        current.with(
            updated(params, "name", current.name()),
            email,
            updated(params, "description", current.description()),
            updated(params, "phone", current.phone()),
            Metadata.merge(current.metadata(), params),
            defaultPaymentMethod);
    account.store(Customer.class).replace(updated.id(), updated);
    Events.emit(account, "customer.updated", updated);
    return updated;
  }

  private static StripeList<Customer> list(ApiRequest request) {
    Params params = request.params();
    String email = params.string("email").orElse(null);
    var customers =
        request
            .account()
            .store(Customer.class)
            .newestFirst()
            .filter(c -> email == null || email.equals(c.email()))
            .toList();
    return StripeList.page(customers, Customer::id, params, "/v1/customers", "customer");
  }

  private static SearchResult<Customer> search(ApiRequest request) {
    return SearchResult.search(
        request.account().store(Customer.class).newestFirst(),
        request.params(),
        SEARCH_FIELDS,
        Set.of("created"),
        "customers",
        "/v1/customers/search");
  }

  private static StripeList<PaymentMethod> paymentMethods(ApiRequest request) {
    Account account = request.account();
    Customer customer = Customers.require(account, request.pathParam("id"), "customer");
    var paymentMethods =
        PaymentMethods.ofCustomer(
            account, customer.id(), request.params().string("type").orElse(null));
    return StripeList.page(
        paymentMethods,
        PaymentMethod::id,
        request.params(),
        "/v1/customers/" + customer.id() + "/payment_methods",
        PaymentMethods.NOUN);
  }

  private static PaymentMethod paymentMethod(ApiRequest request) {
    Account account = request.account();
    Customer customer = Customers.require(account, request.pathParam("id"), "customer");
    String id = request.pathParam("pm");
    return account
        .store(PaymentMethod.class)
        .find(id)
        .filter(pm -> customer.id().equals(pm.customer()))
        .orElseThrow(() -> ApiError.resourceMissing(PaymentMethods.NOUN, id, "payment_method"));
  }

  private static String email(Params params) {
    String email = params.string("email").orElse(null);
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw ApiError.invalidRequest("Invalid email address: " + email, "email", "email_invalid");
    }
    return email;
  }

  /** The new value of an optional string field: unchanged if not sent, null if sent empty. */
  private static String updated(Params params, String key, String current) {
    return params.has(key) ? params.string(key).orElse(null) : current;
  }

  private static ApiError notAttached(String paymentMethod, Params invoiceSettings) {
    return ApiError.invalidRequest(
        "The customer does not have a payment method with the ID "
            + paymentMethod
            + ". The payment method must be attached to the customer.",
        invoiceSettings.nameOf("default_payment_method"));
  }
}
