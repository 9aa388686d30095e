package io.settle.api.customer;

import io.settle.api.paging.ListParameters;
import io.settle.api.problem.ApiProblem;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.customers.CustomerChanges;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.workflows.charge.IdempotencyKeys;
import org.springframework.stereotype.Service;

/** Reading, listing and changing customers; changes go to Stripe as the sync mode says. */
@Service
class CustomerService {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = ListParameters.MAX_PAGE_SIZE;

  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final StripeCustomers stripe;

  CustomerService(
      CustomerRepository customers, MerchantRepository merchants, StripeCustomers stripe) {
    this.customers = customers;
    this.merchants = merchants;
    this.stripe = stripe;
  }

  CustomerResponse read(long merchantId, long customerId) {
    return CustomerResponse.of(find(merchantId, customerId));
  }

  /**
   * The merchant's customers newest first, a page at a time.
   *
   * @param mapped true: only those mapped to Stripe; false: only unmapped; null: all
   * @param name a part of the name, any case
   */
  CustomerPage list(long merchantId, Boolean mapped, String name, int limit, String cursor) {
    ListParameters parameters = new ListParameters(CustomerCursor.PREFIX);
    parameters.limit(limit);
    if (name != null && (name.isBlank() || name.length() > 200)) {
      parameters.invalid("name", "must be 1 to 200 characters, not blank");
    }
    Long beforeId = parameters.beforeId(cursor);
    parameters.check();
    var page =
        parameters.page(
            customers.list(
                merchantId, new CustomerRepository.ListFilter(mapped, name), beforeId, limit + 1),
            limit,
            Customer::id,
            CustomerResponse::of);
    return new CustomerPage(page.data(), page.nextCursor());
  }

  /**
   * Changes name and email. With EXPORT_ONLY the change goes to the mapped Stripe customer too,
   * with TWO_WAY the synced fields of it; Stripe first, so a refusal there changes nothing here.
   */
  CustomerResponse update(long merchantId, long customerId, UpdateCustomerRequest request) {
    Customer customer = find(merchantId, customerId);
    CustomerPaymentSettings settings =
        merchants
            .customerPaymentSettings(merchantId)
            .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
    CustomerChanges exported = exported(settings, request);
    if (customer.stripeCustomerId() != null && !exported.isEmpty()) {
      long revision = customers.revision(merchantId, customerId).orElse(0L);
      // The same change retried replays; the next change of the row is a new write.
      stripe.update(
          merchantId,
          IdempotencyKeys.customerUpdate(customer.customerKey(), revision),
          customer.stripeCustomerId(),
          exported);
    }
    customers.updateDetails(
        merchantId, customerId, request.name(), request.email(), request.ccEmail());
    return read(merchantId, customerId);
  }

  /** The part of a change that goes to Stripe under the merchant's sync mode. */
  static CustomerChanges exported(CustomerPaymentSettings settings, UpdateCustomerRequest change) {
    if (!settings.customerSyncMode().exports()) {
      return new CustomerChanges(null, null, null);
    }
    boolean all = settings.customerSyncMode() == CustomerPaymentSettings.SyncMode.EXPORT_ONLY;
    return new CustomerChanges(
        all || settings.syncFields().contains("name") ? change.name() : null,
        all || settings.syncFields().contains("email") ? change.email() : null,
        null);
  }

  private Customer find(long merchantId, long customerId) {
    return customers
        .findById(merchantId, customerId)
        .orElseThrow(() -> ApiProblem.notFound("customer", customerId));
  }
}
