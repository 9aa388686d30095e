package io.settle.api.customer;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.events.StripeEventObject;
import io.settle.stripe.gateway.events.StripeEventObject.CustomerUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodDetached;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodUpdate;
import io.settle.stripe.gateway.events.StripeEventReader;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps the payment method mirror and the customer rows in step with Stripe's payment method and
 * customer events, as the gateway's {@link StripeEventReader} reads them. Payment methods
 * (attached, detached, updated, the customer's default) are followed in every customer sync mode;
 * only the customer's name and email follow the sync mode. Applying an event twice, or an older one
 * after a newer one of the same kind, leaves what Stripe's payload says: each event carries the
 * whole object.
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
    StripeEventObject object = StripeEventReader.read(type, payload);
    if (object instanceof StripeEventObject.Unreadable) {
      return Optional.of("the payload is not a Stripe event");
    }
    if (object.id() == null) {
      return Optional.of("the event's object has no id");
    }
    var settings = merchants.customerPaymentSettings(merchantId);
    if (settings.isEmpty()) {
      return Optional.of("no such merchant");
    }
    return switch (object) {
      case PaymentMethodDetached detached -> detached(merchantId, detached.id());
      case PaymentMethodUpdate method -> attachedOrUpdated(merchantId, settings.get(), method);
      case CustomerUpdate customer -> customerUpdated(merchantId, settings.get(), customer);
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
      long merchantId, CustomerPaymentSettings settings, PaymentMethodUpdate method) {
    String id = method.id();
    String stripeCustomerId = method.stripeCustomerId();
    if (stripeCustomerId == null) {
      // An update of a method no longer attached: what detached does.
      return detached(merchantId, id);
    }
    Optional<Customer> customer = customers.findByStripeCustomerId(merchantId, stripeCustomerId);
    if (customer.isEmpty()) {
      return Optional.of("the Stripe customer is not mapped to a customer");
    }
    String type = method.type();
    if (type == null || !settings.importTypes().contains(type)) {
      return Optional.of("the merchant does not import " + type + " payment methods");
    }
    MirroredPaymentMethod mirrored =
        new MirroredPaymentMethod(
            id,
            type,
            method.brand(),
            method.last4(),
            method.expMonth(),
            method.expYear(),
            "card".equals(type) ? null : PaymentMethodMirror.VERIFIED);
    paymentMethods.save(merchantId, customer.get().id(), mirrored);
    paymentMethods.markDefault(
        merchantId, customer.get().id(), customer.get().defaultPaymentMethodId());
    return Optional.empty();
  }

  /**
   * Follows the Stripe customer's invoice default when that method is mirrored for it, whatever the
   * sync mode: following payment methods is its own feature. Takes its name and email only as the
   * sync mode says (IMPORT_ONLY: both; TWO_WAY: the synced fields; OFF, EXPORT_ONLY: neither).
   */
  private Optional<String> customerUpdated(
      long merchantId, CustomerPaymentSettings settings, CustomerUpdate stripeCustomer) {
    Optional<Customer> customer = customers.findByStripeCustomerId(merchantId, stripeCustomer.id());
    if (customer.isEmpty()) {
      return Optional.of("the Stripe customer is not mapped to a customer");
    }
    boolean followedDefault = followDefault(merchantId, customer.get(), stripeCustomer);
    if (!settings.customerSyncMode().imports()) {
      return followedDefault
          ? Optional.empty()
          : Optional.of(
              "the merchant's customer sync does not import from Stripe, and the default"
                  + " payment method is not a mirrored one of the customer's");
    }
    boolean all = settings.customerSyncMode() == CustomerPaymentSettings.SyncMode.IMPORT_ONLY;
    String name = stripeCustomer.name();
    String email = stripeCustomer.email();
    customers.updateDetails(
        merchantId,
        customer.get().id(),
        (all || settings.syncFields().contains("name")) && name != null && !name.isBlank()
            ? name
            : null,
        (all || settings.syncFields().contains("email")) ? email : null);
    return Optional.empty();
  }

  /**
   * @return whether the Stripe customer's default is a mirrored method of the customer's
   */
  private boolean followDefault(long merchantId, Customer customer, CustomerUpdate stripeCustomer) {
    String defaultId = stripeCustomer.defaultPaymentMethodId();
    if (defaultId == null
        || paymentMethods
            .find(merchantId, defaultId)
            .filter(method -> method.customerId() == customer.id())
            .isEmpty()) {
      return false;
    }
    customers.setDefaultPaymentMethod(merchantId, customer.id(), defaultId);
    paymentMethods.markDefault(merchantId, customer.id(), defaultId);
    return true;
  }
}
