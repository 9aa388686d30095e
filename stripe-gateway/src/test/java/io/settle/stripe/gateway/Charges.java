package io.settle.stripe.gateway;

/** Off-session charges of one invoice attempt, as the charge activity makes them. */
final class Charges {

  private Charges() {}

  static OffSessionCharge offSession(
      String idempotencyKey,
      long merchantId,
      long invoiceId,
      int attemptNumber,
      long amount,
      String currency,
      String stripeCustomerId,
      String paymentMethodId,
      String description) {
    return new OffSessionCharge(
        idempotencyKey,
        merchantId,
        amount,
        currency,
        stripeCustomerId,
        paymentMethodId,
        description,
        new OffSessionCharge.InvoiceAttempt(invoiceId, attemptNumber));
  }

  /** The lookup of a charge with no PaymentIntent id on record. */
  static ChargeLookup lookup(OffSessionCharge charge) {
    return lookup(charge, null);
  }

  static ChargeLookup lookup(OffSessionCharge charge, String paymentIntentIdOnRecord) {
    return new ChargeLookup(
        charge.idempotencyKey(),
        charge.merchantId(),
        charge.stripeCustomerId(),
        paymentIntentIdOnRecord);
  }
}
