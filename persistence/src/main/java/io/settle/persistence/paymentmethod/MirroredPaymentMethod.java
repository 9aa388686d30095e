package io.settle.persistence.paymentmethod;

/** A payment method as Stripe shows it, to be written into the mirror. */
public record MirroredPaymentMethod(
    String stripePaymentMethodId,
    String type,
    String brand,
    String last4,
    Integer expMonth,
    Integer expYear,
    String achVerification) {}
