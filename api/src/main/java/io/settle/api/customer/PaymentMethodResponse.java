package io.settle.api.customer;

import io.settle.persistence.paymentmethod.PaymentMethodRecord;

/**
 * A customer's saved payment method, as mirrored from Stripe.
 *
 * @param id Stripe's id ({@code pm_…})
 * @param type card or us_bank_account
 * @param brand the card brand, or the bank's name
 * @param isDefault whether automatic payments charge it
 * @param achVerification VERIFIED for a bank account Stripe attached; null for cards
 */
public record PaymentMethodResponse(
    String id,
    String type,
    String brand,
    String last4,
    Integer expMonth,
    Integer expYear,
    boolean isDefault,
    String achVerification) {

  public static PaymentMethodResponse of(PaymentMethodRecord method) {
    return new PaymentMethodResponse(
        method.stripePaymentMethodId(),
        method.type(),
        method.brand(),
        method.last4(),
        method.expMonth(),
        method.expYear(),
        method.isDefault(),
        method.achVerification());
  }
}
