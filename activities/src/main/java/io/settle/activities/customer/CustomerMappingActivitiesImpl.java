package io.settle.activities.customer;

import io.settle.activities.charge.GatewayFailures;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.customers.CustomerQuery;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.workflows.customer.CustomerMappingActivities;
import io.settle.workflows.customer.CustomerMappingView.Ambiguous;
import io.settle.workflows.customer.CustomerMappingView.Mapped;
import io.settle.workflows.customer.CustomerMappingView.Missing;
import io.settle.workflows.customer.MappingPage;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.List;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Looks unmapped customers up at Stripe by exact name, one search each, and maps those with exactly
 * one free match. Only reads at Stripe, and a mapping is written only while the customer is still
 * unmapped, so a page tried again maps nothing twice.
 */
@Component
public class CustomerMappingActivitiesImpl implements CustomerMappingActivities {

  private final CustomerRepository customers;
  private final StripeCustomers stripe;

  public CustomerMappingActivitiesImpl(CustomerRepository customers, StripeCustomers stripe) {
    this.customers = customers;
    this.stripe = stripe;
  }

  @Override
  public MappingPage mapPage(long merchantId, long afterCustomerId, int pageSize) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // A try that failed part way heartbeat what it had found: carry on after it.
    MappingPage page =
        context
            .getHeartbeatDetails(MappingPage.class)
            .orElseGet(() -> MappingPage.after(afterCustomerId));
    int left = pageSize - page.lookedAt();
    List<Customer> next =
        left > 0 ? customers.unmapped(merchantId, page.lastCustomerId(), left) : List.of();
    try {
      for (Customer customer : next) {
        page = lookUp(merchantId, customer, page);
        context.heartbeat(page);
      }
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
    return page.ended(next.size() == left);
  }

  private MappingPage lookUp(long merchantId, Customer customer, MappingPage page) {
    // Stripe's search ignores case; the mapping wants the very name.
    List<String> candidates =
        stripe.search(merchantId, CustomerQuery.byName(customer.name())).stream()
            .filter(found -> Objects.equals(found.name(), customer.name()))
            .map(StripeCustomer::id)
            .distinct()
            .filter(id -> customers.findByStripeCustomerId(merchantId, id).isEmpty())
            .sorted()
            .toList();
    if (candidates.size() == 1 && mapIfFree(merchantId, customer.id(), candidates.getFirst())) {
      return page.with(new Mapped(customer.id(), customer.name(), candidates.getFirst()));
    }
    if (candidates.size() > 1) {
      return page.with(new Ambiguous(customer.id(), customer.name(), candidates));
    }
    return page.with(new Missing(customer.id(), customer.name()));
  }

  // A hand mapping may have taken the customer or the Stripe customer meanwhile.
  private boolean mapIfFree(long merchantId, long customerId, String stripeCustomerId) {
    try {
      return customers.mapToStripeIfUnmapped(merchantId, customerId, stripeCustomerId);
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }
}
