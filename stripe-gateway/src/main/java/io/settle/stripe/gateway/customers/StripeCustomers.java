package io.settle.stripe.gateway.customers;

import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.CustomerUpdateParams;
import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.StripeCalls;
import java.util.List;
import java.util.Optional;

/** Stripe customers for Settle's customer mapping and sync. */
public class StripeCustomers {

  private final StripeCalls calls;

  public StripeCustomers(StripeCalls calls) {
    this.calls = calls;
  }

  public StripeCustomer create(String idempotencyKey, NewCustomer customer) {
    CustomerCreateParams params =
        CustomerCreateParams.builder()
            .setName(customer.name())
            .setEmail(customer.email())
            .putMetadata(SettleMetadata.MERCHANT_ID, Long.toString(customer.merchantId()))
            .putMetadata(SettleMetadata.CUSTOMER_ID, Long.toString(customer.settleCustomerId()))
            .build();
    return of(
        calls.write(
            customer.merchantId(),
            "create customer",
            idempotencyKey,
            (stripe, options) -> stripe.v1().customers().create(params, options)));
  }

  /** The customer, or empty when Stripe has none by that id or it was deleted. */
  public Optional<StripeCustomer> retrieve(long merchantId, String customerId) {
    return calls
        .readIfExists(
            merchantId, "retrieve customer", stripe -> stripe.v1().customers().retrieve(customerId))
        .filter(customer -> !Boolean.TRUE.equals(customer.getDeleted()))
        .map(StripeCustomers::of);
  }

  public StripeCustomer update(
      long merchantId, String idempotencyKey, String customerId, CustomerChanges changes) {
    CustomerUpdateParams.Builder params = CustomerUpdateParams.builder();
    if (changes.name() != null) {
      params.setName(changes.name());
    }
    if (changes.email() != null) {
      params.setEmail(changes.email());
    }
    if (changes.defaultPaymentMethodId() != null) {
      params.setInvoiceSettings(
          CustomerUpdateParams.InvoiceSettings.builder()
              .setDefaultPaymentMethod(changes.defaultPaymentMethodId())
              .build());
    }
    return of(
        calls.write(
            merchantId,
            "update customer",
            idempotencyKey,
            (stripe, options) ->
                stripe.v1().customers().update(customerId, params.build(), options)));
  }

  /** Customers matching the query; Stripe search lags writes by up to a minute. */
  public List<StripeCustomer> search(long merchantId, CustomerQuery query) {
    CustomerSearchParams params =
        CustomerSearchParams.builder().setQuery(query.stripeQuery()).setLimit(100L).build();
    return calls
        .read(merchantId, "search customers", stripe -> stripe.v1().customers().search(params))
        .getData()
        .stream()
        .map(StripeCustomers::of)
        .toList();
  }

  static StripeCustomer of(Customer customer) {
    return new StripeCustomer(
        customer.getId(),
        customer.getName(),
        customer.getEmail(),
        customer.getInvoiceSettings() == null
            ? null
            : customer.getInvoiceSettings().getDefaultPaymentMethod(),
        customer.getMetadata());
  }
}
