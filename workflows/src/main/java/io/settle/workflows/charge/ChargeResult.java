package io.settle.workflows.charge;

/**
 * What the gateway said about one charge attempt, in Settle's terms. Gateway codes and messages
 * travel as data so they end up in columns, not only in logs.
 *
 * @param paymentIntentId the PaymentIntent Stripe created, when there is one (declines have one)
 * @param status Stripe's PaymentIntent status, when known
 * @param errorCode Stripe's error {@code code} ({@code card_declined}, ...)
 * @param declineCode Stripe's {@code decline_code} ({@code insufficient_funds}, ...)
 */
public record ChargeResult(
    PaymentOutcome outcome,
    String paymentIntentId,
    String status,
    long amountReceived,
    String errorCode,
    String declineCode,
    String message) {

  public static ChargeResult succeeded(String paymentIntentId, long amountReceived) {
    return new ChargeResult(
        PaymentOutcome.SUCCEEDED, paymentIntentId, "succeeded", amountReceived, null, null, null);
  }

  public static ChargeResult declined(
      String paymentIntentId, String errorCode, String declineCode, String message) {
    return new ChargeResult(
        PaymentOutcome.DECLINED,
        paymentIntentId,
        "requires_payment_method",
        0,
        errorCode,
        declineCode,
        message);
  }

  /** Nobody can tell whether money moved; resolved by looking the charge up, never by charging. */
  public static ChargeResult unknown(String errorCode, String message) {
    return new ChargeResult(PaymentOutcome.UNKNOWN, null, null, 0, errorCode, null, message);
  }

  /** Stripe holds no PaymentIntent for the attempt's key: the attempt charged nothing. */
  public static ChargeResult notMade(String message) {
    return new ChargeResult(
        PaymentOutcome.DECLINED, null, null, 0, NO_PAYMENT_INTENT, null, message);
  }

  /** The error code of an attempt that, once resolved, turned out to have charged nothing. */
  public static final String NO_PAYMENT_INTENT = "no_payment_intent";
}
