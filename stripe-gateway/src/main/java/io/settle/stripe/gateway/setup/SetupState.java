package io.settle.stripe.gateway.setup;

import java.time.Instant;

/**
 * Where a SetupIntent stands.
 *
 * @param status Stripe's status: requires_payment_method, requires_confirmation, requires_action,
 *     processing, canceled, succeeded
 * @param paymentMethodId the method being saved, once the customer chose one
 * @param microdeposits what the customer must do to verify a bank account, or null
 * @param errorCode {@code last_setup_error.code}, when the last attempt failed
 */
public record SetupState(
    String id,
    String status,
    String customerId,
    String paymentMethodId,
    Microdeposits microdeposits,
    String errorCode,
    String errorMessage) {

  /**
   * Micro-deposits are on their way: the customer enters them in Settle or on Stripe's page.
   *
   * @param type {@code amounts} or {@code descriptor_code}
   */
  public record Microdeposits(String type, Instant arrivesAt, String hostedVerificationUrl) {}

  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
