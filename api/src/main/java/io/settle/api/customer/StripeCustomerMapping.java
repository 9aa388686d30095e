package io.settle.api.customer;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.workflows.charge.IdempotencyKeys;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which Stripe customer a customer is: mapped by hand or created (found by exact name is the
 * customer mapping workflow's, see {@link CustomerMappingRuns}). A Stripe customer maps to one
 * customer of the merchant at most (the unique key says so, and a clash is a 409). Stripe is called
 * before anything is stored, never inside a transaction.
 */
@Service
public class StripeCustomerMapping {

  /**
   * What an invoice row shows while one of its payments is under way: at the bank, waiting on the
   * customer's authentication, or held by a pay-all (its reservation shows as PROCESSING).
   */
  static final Set<InvoiceStatus> PAYMENT_UNDER_WAY =
      EnumSet.of(InvoiceStatus.PROCESSING, InvoiceStatus.REQUIRES_ACTION);

  private final CustomerRepository customers;
  private final InvoiceRepository invoices;
  private final PaymentMethodMirror paymentMethods;
  private final StripeCustomers stripe;

  StripeCustomerMapping(
      CustomerRepository customers,
      InvoiceRepository invoices,
      PaymentMethodMirror paymentMethods,
      StripeCustomers stripe) {
    this.customers = customers;
    this.invoices = invoices;
    this.paymentMethods = paymentMethods;
    this.stripe = stripe;
  }

  /**
   * Creates a customer, mapped when the request names a Stripe customer: checked at Stripe and its
   * payment methods imported as {@link #map} does. A default payment method the request names stays
   * the auto-pay method, whatever Stripe's default is: the caller chose it.
   */
  CustomerResponse create(long merchantId, CreateCustomerRequest request) {
    String stripeCustomerId = request.stripeCustomerId();
    List<SavedPaymentMethod> listed =
        stripeCustomerId == null ? List.of() : checkedAtStripe(merchantId, stripeCustomerId);
    long id;
    try {
      id =
          customers.insert(
              merchantId,
              request.name(),
              request.email(),
              stripeCustomerId,
              request.defaultPaymentMethodId());
    } catch (DuplicateKeyException taken) {
      throw mappedElsewhere(merchantId, stripeCustomerId);
    }
    if (request.ccEmail() != null) {
      customers.updateDetails(merchantId, id, null, null, request.ccEmail());
    }
    if (stripeCustomerId != null) {
      paymentMethods.mirror(merchantId, id, listed, request.defaultPaymentMethodId());
      if (request.defaultPaymentMethodId() != null) {
        paymentMethods.keepAutopay(merchantId, id, request.defaultPaymentMethodId());
      }
    }
    return CustomerResponse.of(find(merchantId, id));
  }

  /**
   * Maps the customer to an existing Stripe customer and imports its payment methods, as the import
   * does. Mapping it elsewhere forgets the mirrored payment methods and the auto-pay method of the
   * old one: they belong to that Stripe customer. Mapping it again to the same one imports again,
   * so a mapping whose import failed is completed by retrying it.
   */
  CustomerResponse map(long merchantId, long customerId, String stripeCustomerId) {
    Customer customer = find(merchantId, customerId);
    List<SavedPaymentMethod> listed = checkedAtStripe(merchantId, stripeCustomerId);
    String current = customer.defaultPaymentMethodId();
    if (!stripeCustomerId.equals(customer.stripeCustomerId())) {
      try {
        customers.mapToStripe(merchantId, customerId, stripeCustomerId);
      } catch (DuplicateKeyException taken) {
        throw mappedElsewhere(merchantId, stripeCustomerId);
      }
      if (customer.stripeCustomerId() != null && current != null) {
        customers.setDefaultPaymentMethod(merchantId, customerId, null);
        current = null;
      }
    }
    paymentMethods.mirror(merchantId, customerId, listed, current);
    return CustomerResponse.of(find(merchantId, customerId));
  }

  /**
   * Undoes a mapping: the customer forgets its Stripe customer, the mirrored payment methods and
   * the auto-pay method of it. Nothing changes at Stripe, where the customer and its methods may
   * well be someone's. Refused while a payment of the customer is under way, which needs the
   * mapping to finish; an unmapped customer is answered as it is.
   */
  @Transactional
  CustomerResponse unmap(long merchantId, long customerId) {
    Customer customer = find(merchantId, customerId);
    if (customer.stripeCustomerId() == null) {
      return CustomerResponse.of(customer);
    }
    List<Long> underWay = invoices.idsInStatus(merchantId, customerId, PAYMENT_UNDER_WAY);
    if (!underWay.isEmpty()) {
      throw ApiProblem.conflict(
          "A payment of customer "
              + customerId
              + " is under way: unmap it once invoices "
              + underWay
              + " are no longer processing or waiting on the customer.",
          Map.of(
              "customerId",
              customerId,
              "stripeCustomerId",
              customer.stripeCustomerId(),
              "invoiceIds",
              underWay));
    }
    customers.unmap(merchantId, customerId);
    paymentMethods.forget(merchantId, customerId);
    return CustomerResponse.of(find(merchantId, customerId));
  }

  /**
   * Both ways of mapping by hand ask Stripe the same: the Stripe customer must exist in the
   * merchant's account (else 422); then its payment methods to import. Asked before anything is
   * stored, so a refusal stores nothing.
   */
  private List<SavedPaymentMethod> checkedAtStripe(long merchantId, String stripeCustomerId) {
    if (stripe.retrieve(merchantId, stripeCustomerId).isEmpty()) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          ProblemTypes.UNKNOWN_STRIPE_CUSTOMER,
          "Unknown Stripe customer",
          "The merchant's Stripe account has no customer " + stripeCustomerId + ".",
          Map.of("stripeCustomerId", stripeCustomerId));
    }
    return paymentMethods.atStripe(merchantId, stripeCustomerId);
  }

  /**
   * Creates the customer at Stripe, with Settle's ids in its metadata, and maps to it. The key is
   * built on the customer's own random key, so a creation whose answer was lost is replayed, not
   * made twice, and a customer that gets the same id after a database reset is not answered with
   * this one's Stripe customer.
   */
  CustomerResponse createAtStripe(long merchantId, long customerId) {
    Customer customer = find(merchantId, customerId);
    if (customer.stripeCustomerId() != null) {
      throw alreadyMapped(customer);
    }
    StripeCustomer created =
        stripe.create(
            IdempotencyKeys.customerCreation(customer.customerKey()),
            new NewCustomer(merchantId, customerId, customer.name(), customer.email()));
    if (!customers.mapToStripeIfUnmapped(merchantId, customerId, created.id())) {
      throw alreadyMapped(find(merchantId, customerId));
    }
    return CustomerResponse.of(find(merchantId, customerId));
  }

  /** For the portal: the customer's Stripe customer, created first when there is none yet. */
  public String ensureStripeCustomer(long merchantId, long customerId) {
    Customer customer = find(merchantId, customerId);
    return customer.stripeCustomerId() != null
        ? customer.stripeCustomerId()
        : createAtStripe(merchantId, customerId).stripeCustomerId();
  }

  private Customer find(long merchantId, long customerId) {
    return customers
        .findById(merchantId, customerId)
        .orElseThrow(() -> ApiProblem.notFound("customer", customerId));
  }

  private ApiProblem mappedElsewhere(long merchantId, String stripeCustomerId) {
    Map<String, Object> details =
        customers
            .findByStripeCustomerId(merchantId, stripeCustomerId)
            .<Map<String, Object>>map(
                other ->
                    Map.of("stripeCustomerId", stripeCustomerId, "mappedCustomerId", other.id()))
            .orElse(Map.of("stripeCustomerId", stripeCustomerId));
    return ApiProblem.conflict(
        "Another customer is already mapped to this Stripe customer.", details);
  }

  private static ApiProblem alreadyMapped(Customer customer) {
    return ApiProblem.conflict(
        "Customer " + customer.id() + " is already mapped to a Stripe customer.",
        Map.of("customerId", customer.id(), "stripeCustomerId", customer.stripeCustomerId()));
  }
}
