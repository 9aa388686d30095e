package io.settle.workflows.customer;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Stripe lookups and mapping for {@link CustomerMappingWorkflow}. Implemented in the activities
 * module; the activity types are prefixed (CustomerMappingMapPage).
 */
@ActivityInterface(namePrefix = "CustomerMapping")
public interface CustomerMappingActivities {

  /**
   * Looks up to {@code pageSize} of the merchant's unmapped customers after {@code
   * afterCustomerId}, oldest first, at Stripe by exact name: exactly one Stripe customer of that
   * name, not mapped to another customer, maps the customer; several leave it ambiguous; none,
   * missing. Heartbeats after each customer with the page so far, and a retry carries on from
   * there. Stripe refusing the merchant's key fails with a non-retryable type of {@code
   * ChargeFailures}.
   */
  @ActivityMethod
  MappingPage mapPage(long merchantId, long afterCustomerId, int pageSize);
}
