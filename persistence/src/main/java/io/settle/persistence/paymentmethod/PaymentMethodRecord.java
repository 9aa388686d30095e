package io.settle.persistence.paymentmethod;

/**
 * A customer's Stripe payment method as Settle mirrors it.
 *
 * @param type Stripe's type name: card or us_bank_account
 * @param brand the card brand, or the bank's name
 * @param achVerification VERIFIED for a bank account Stripe attached, null for cards
 */
public record PaymentMethodRecord(
    long id,
    long merchantId,
    long customerId,
    String stripePaymentMethodId,
    String type,
    String brand,
    String last4,
    Integer expMonth,
    Integer expYear,
    boolean isDefault,
    String achVerification) {}
