package io.settle.api.customer;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import io.settle.workflows.charge.IdempotencyKeys;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A customer's payment methods: imported from Stripe into the mirror, listed from it, and which one
 * pays automatically. Used by agents, the portal and the webhook sync. Every method takes the
 * merchant id, so another merchant's customer is simply not found.
 */
@Service
public class PaymentMethodMirror {

  /** What a bank account Stripe attached has been through: micro-deposits or instant checks. */
  static final String VERIFIED = "VERIFIED";

  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final PaymentMethodRepository paymentMethods;
  private final StripePaymentMethods stripe;

  PaymentMethodMirror(
      CustomerRepository customers,
      MerchantRepository merchants,
      PaymentMethodRepository paymentMethods,
      StripePaymentMethods stripe) {
    this.customers = customers;
    this.merchants = merchants;
    this.paymentMethods = paymentMethods;
    this.stripe = stripe;
  }

  /**
   * Makes the mirror what Stripe lists now for the customer, of the merchant's import types:
   * methods new at Stripe are added, changed ones updated, ones gone removed. The method paying
   * automatically becomes Stripe's default when that is among them; otherwise it stays, unless it
   * was a mirrored method Stripe no longer lists. A method set by hand that was never mirrored
   * (say, of a type not imported) is not the import's to drop.
   */
  public List<PaymentMethodResponse> importFromStripe(long merchantId, long customerId) {
    Customer customer = mapped(merchantId, customerId);
    mirror(
        merchantId,
        customerId,
        atStripe(merchantId, customer.stripeCustomerId()),
        customer.defaultPaymentMethodId());
    return list(merchantId, customerId);
  }

  /** The Stripe customer's payment methods of the merchant's import types, as Stripe lists them. */
  List<SavedPaymentMethod> atStripe(long merchantId, String stripeCustomerId) {
    return stripe.listForCustomer(merchantId, stripeCustomerId, importTypes(settings(merchantId)));
  }

  /**
   * Makes the mirror what Stripe listed (see {@link #importFromStripe}); apart from the call to
   * Stripe, so that mapping can ask Stripe before it stores anything.
   *
   * @param current the method paying automatically now, or null
   */
  void mirror(long merchantId, long customerId, List<SavedPaymentMethod> listed, String current) {
    boolean currentGone =
        current != null
            && listed.stream().noneMatch(method -> method.id().equals(current))
            && paymentMethods.listForCustomer(merchantId, customerId).stream()
                .anyMatch(method -> method.stripePaymentMethodId().equals(current));
    String autopay =
        listed.stream()
            .filter(SavedPaymentMethod::isDefault)
            .map(SavedPaymentMethod::id)
            .findFirst()
            .orElse(currentGone ? null : current);
    paymentMethods.replaceForCustomer(
        merchantId,
        customerId,
        listed.stream().map(PaymentMethodMirror::mirrored).toList(),
        autopay);
    if (!Objects.equals(autopay, current)) {
      customers.setDefaultPaymentMethod(merchantId, customerId, autopay);
    }
  }

  /** Empties the customer's mirror: its methods belong to a Stripe customer it no longer has. */
  void forget(long merchantId, long customerId) {
    paymentMethods.replaceForCustomer(merchantId, customerId, List.of(), null);
  }

  /** Makes {@code paymentMethodId} the auto-pay method again after a mirror chose another. */
  void keepAutopay(long merchantId, long customerId, String paymentMethodId) {
    customers.setDefaultPaymentMethod(merchantId, customerId, paymentMethodId);
    paymentMethods.markDefault(merchantId, customerId, paymentMethodId);
  }

  public List<PaymentMethodResponse> list(long merchantId, long customerId) {
    if (customers.findById(merchantId, customerId).isEmpty()) {
      throw ApiProblem.notFound("customer", customerId);
    }
    return paymentMethods.listForCustomer(merchantId, customerId).stream()
        .map(PaymentMethodResponse::of)
        .toList();
  }

  /**
   * Makes a mirrored method the one automatic payments charge: at Stripe (the customer's invoice
   * default) first, then in Settle, where the invoice workflow's ledger reads it.
   */
  public List<PaymentMethodResponse> setDefault(
      long merchantId, long customerId, String paymentMethodId) {
    Customer customer = mapped(merchantId, customerId);
    PaymentMethodRecord method =
        paymentMethods
            .find(merchantId, paymentMethodId)
            .filter(found -> found.customerId() == customerId)
            .orElseThrow(() -> ApiProblem.notFound("payment method", paymentMethodId));
    long revision = customers.revision(merchantId, customerId).orElse(0L);
    stripe.setDefault(
        merchantId,
        IdempotencyKeys.defaultPaymentMethod(
            customer.customerKey(), method.stripePaymentMethodId(), revision),
        customer.stripeCustomerId(),
        method.stripePaymentMethodId());
    customers.setDefaultPaymentMethod(merchantId, customerId, method.stripePaymentMethodId());
    paymentMethods.markDefault(merchantId, customerId, method.stripePaymentMethodId());
    return list(merchantId, customerId);
  }

  /** The merchant's import types as the gateway names them. */
  static Set<PaymentMethodType> importTypes(CustomerPaymentSettings settings) {
    Set<PaymentMethodType> types = EnumSet.noneOf(PaymentMethodType.class);
    settings
        .importTypes()
        .forEach(name -> PaymentMethodType.fromStripe(name).ifPresent(types::add));
    return types;
  }

  CustomerPaymentSettings settings(long merchantId) {
    return merchants
        .customerPaymentSettings(merchantId)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  static MirroredPaymentMethod mirrored(SavedPaymentMethod method) {
    return new MirroredPaymentMethod(
        method.id(),
        method.type().stripeName(),
        method.brand(),
        method.last4(),
        method.expMonth() == null ? null : Math.toIntExact(method.expMonth()),
        method.expYear() == null ? null : Math.toIntExact(method.expYear()),
        method.type() == PaymentMethodType.US_BANK_ACCOUNT ? VERIFIED : null);
  }

  private Customer mapped(long merchantId, long customerId) {
    Customer customer =
        customers
            .findById(merchantId, customerId)
            .orElseThrow(() -> ApiProblem.notFound("customer", customerId));
    if (customer.stripeCustomerId() == null) {
      throw notMapped(customerId);
    }
    return customer;
  }

  static ApiProblem notMapped(long customerId) {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        ProblemTypes.CUSTOMER_NOT_MAPPED,
        "Customer not mapped to Stripe",
        "Customer " + customerId + " has no Stripe customer yet: map it to one or create it first.",
        Map.of("customerId", customerId));
  }
}
