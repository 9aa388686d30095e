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

  /**
   * Finds what became of a charge whose answer was lost (UNKNOWN: a 5xx, an idempotency conflict)
   * by asking Stripe: the PaymentIntent on record, else the one made under the request's key. Never
   * charges. When Stripe holds no PaymentIntent for the key, the answer is {@link
   * ChargeResult#notMade}: nothing was charged.
   *
   * @param paymentIntentIdOnRecord the id the lost answer carried, or null
   */
  @ActivityMethod
  ChargeResult resolve(ChargeRequest request, String paymentIntentIdOnRecord);

  /**
   * Asks Stripe where a PaymentIntent stands: the fallback when a processing payment's webhook does
   * not come.
   */
  @ActivityMethod
  ChargeResult retrieve(long merchantId, String paymentIntentId);
}
