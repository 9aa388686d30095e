package io.settle.api.customer;

import static io.settle.stripe.gateway.events.EventJson.number;
import static io.settle.stripe.gateway.events.EventJson.object;
import static io.settle.stripe.gateway.events.EventJson.string;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps the payment method mirror and the customer rows in step with Stripe's payment method and
 * customer events. Read from the raw payload, as the invoice events are, so an endpoint on another
 * API version still yields the few fields needed. Applying an event twice, or an older one after a
 * newer one of the same kind, leaves what Stripe's payload says: each event carries the whole
 * object.
 */
@Component
public class StripeCustomerEvents {

  private static final Set<String> TYPES =
      Set.of(
          "payment_method.attached",
          "payment_method.detached",
          "payment_method.updated",
          "payment_method.automatically_updated",
          "customer.updated");

  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final PaymentMethodRepository paymentMethods;

  StripeCustomerEvents(
      CustomerRepository customers,
      MerchantRepository merchants,
      PaymentMethodRepository paymentMethods) {
    this.customers = customers;
    this.merchants = merchants;
    this.paymentMethods = paymentMethods;
  }

  /** Whether events of this type are this class's to apply. */
  public static boolean handles(String type) {
    return TYPES.contains(type);
  }

  /**
   * Applies one stored event of the merchant.
   *
   * @return why nothing was done, or empty when the event was applied
   */
  public Optional<String> apply(long merchantId, String type, String payload) {
    JsonObject object;
    try {
      object = object(object(JsonParser.parseString(payload), "data"), "object");
    } catch (JsonParseException | IllegalStateException e) {
      return Optional.of("the payload is not a Stripe event");
    }
    if (object == null || string(object, "id") == null) {
      return Optional.of("the event's object has no id");
    }
    var settings = merchants.customerPaymentSettings(merchantId);
    if (settings.isEmpty()) {
      return Optional.of("no such merchant");
    }
    return switch (type) {
      case "payment_method.detached" -> detached(merchantId, string(object, "id"));
      case "payment_method.attached",
          "payment_method.updated",
          "payment_method.automatically_updated" ->
          attachedOrUpdated(merchantId, settings.get(), object);
      case "customer.updated" -> customerUpdated(merchantId, settings.get(), object);
      default -> Optional.of("not a customer or payment method event");
    };
  }

  private Optional<String> detached(long merchantId, String paymentMethodId) {
    Optional<PaymentMethodRecord> mirrored = paymentMethods.find(merchantId, paymentMethodId);
    if (mirrored.isEmpty()) {
      return Optional.of("the payment method is not mirrored");
    }
    paymentMethods.delete(merchantId, paymentMethodId);
    long customerId = mirrored.get().customerId();
    customers
        .findById(merchantId, customerId)
        .filter(customer -> paymentMethodId.equals(customer.defaultPaymentMethodId()))
        .ifPresent(customer -> customers.setDefaultPaymentMethod(merchantId, customerId, null));
    return Optional.empty();
  }

  private Optional<String> attachedOrUpdated(
      long merchantId, CustomerPaymentSettings settings, JsonObject method) {
    String id = string(method, "id");
    String stripeCustomerId = string(method, "customer");
    if (stripeCustomerId == null) {
      // An update of a method no longer attached: what detached does.
      return detached(merchantId, id);
    }
    Optional<Customer> customer = customers.findByStripeCustomerId(merchantId, stripeCustomerId);
    if (customer.isEmpty()) {
      return Optional.of("the Stripe customer is not mapped to a customer");
    }
    String type = string(method, "type");
    if (type == null || !settings.importTypes().contains(type)) {
      return Optional.of("the merchant does not import " + type + " payment methods");
    }
    MirroredPaymentMethod mirrored =
        switch (type) {
          case "card" -> {
            JsonObject card = object(method, "card");
            yield new MirroredPaymentMethod(
                id,
                type,
                string(card, "brand"),
                string(card, "last4"),
                intOrNull(number(card, "exp_month")),
                intOrNull(number(card, "exp_year")),
                null);
          }
          default -> {
            JsonObject bank = object(method, "us_bank_account");
            yield new MirroredPaymentMethod(
                id,
                type,
                string(bank, "bank_name"),
                string(bank, "last4"),
                null,
                null,
                PaymentMethodMirror.VERIFIED);
          }
        };
    paymentMethods.save(merchantId, customer.get().id(), mirrored);
    paymentMethods.markDefault(
        merchantId, customer.get().id(), customer.get().defaultPaymentMethodId());
    return Optional.empty();
  }

  /**
   * Takes the Stripe customer's name and email as the sync mode says (IMPORT_ONLY: both; TWO_WAY:
   * the synced fields), and its invoice default when that method is mirrored for it.
   */
  private Optional<String> customerUpdated(
      long merchantId, CustomerPaymentSettings settings, JsonObject stripeCustomer) {
    if (!settings.customerSyncMode().imports()) {
      return Optional.of("the merchant's customer sync does not import from Stripe");
    }
    Optional<Customer> customer =
        customers.findByStripeCustomerId(merchantId, string(stripeCustomer, "id"));
    if (customer.isEmpty()) {
      return Optional.of("the Stripe customer is not mapped to a customer");
    }
    boolean all = settings.customerSyncMode() == CustomerPaymentSettings.SyncMode.IMPORT_ONLY;
    String name = string(stripeCustomer, "name");
    String email = string(stripeCustomer, "email");
    customers.updateDetails(
        merchantId,
        customer.get().id(),
        (all || settings.syncFields().contains("name")) && name != null && !name.isBlank()
            ? name
            : null,
        (all || settings.syncFields().contains("email")) ? email : null);
    String defaultId = string(object(stripeCustomer, "invoice_settings"), "default_payment_method");
    if (defaultId != null
        && paymentMethods
            .find(merchantId, defaultId)
            .filter(method -> method.customerId() == customer.get().id())
            .isPresent()) {
      customers.setDefaultPaymentMethod(merchantId, customer.get().id(), defaultId);
      paymentMethods.markDefault(merchantId, customer.get().id(), defaultId);
    }
    return Optional.empty();
  }

  private static Integer intOrNull(Long value) {
    return value == null ? null : Math.toIntExact(value);
  }
}
