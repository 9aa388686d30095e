package io.settle.workflows.charge;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Charges through the payment gateway (Stripe). Implemented in the activities module. */
@ActivityInterface
public interface ChargeActivities {

  /**
   * Creates and confirms an off-session PaymentIntent under the request's idempotency key. A
   * decline is a result, not a failure; only transport trouble fails the activity, and its retry
   * re-sends the same key.
   */
  @ActivityMethod
  ChargeResult charge(ChargeRequest request);
}
