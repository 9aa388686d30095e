package io.settle.stripe.gateway.paymentmethods;

/**
 * A customer's saved payment method as Settle mirrors it: enough to show it ("Visa ending 4242",
 * "STRIPE TEST BANK ending 6789") and to charge it.
 *
 * @param customerId the Stripe customer it is attached to, null once detached
 * @param brand card brand, or the bank's name for a bank account
 * @param expMonth card expiry month, null for bank accounts
 * @param isDefault whether it is the customer's {@code invoice_settings.default_payment_method}
 */
public record SavedPaymentMethod(
    String id,
    PaymentMethodType type,
    String customerId,
    String brand,
    String last4,
    Long expMonth,
    Long expYear,
    boolean isDefault) {}
