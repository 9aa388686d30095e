package io.settle.stripe.gateway;

/**
 * What Stripe said about one payment, in Settle's terms, as {@link PaymentOutcomes} reads it.
 * Stripe's codes and message travel as data, so they end up in columns, not only in logs.
 *
 * @param paymentIntentId the PaymentIntent, when there is one (declines have one)
 * @param status Stripe's PaymentIntent status, when known
 * @param errorCode Stripe's error {@code code} ({@code card_declined}, ...)
 * @param declineCode Stripe's {@code decline_code} ({@code insufficient_funds}, ...)
 */
public record PaymentResult(
    Outcome outcome,
    String paymentIntentId,
    String status,
    long amountReceived,
    String errorCode,
    String declineCode,
    String message) {

  /** What the payment came to. */
  public enum Outcome {
    /** Money was taken. */
    SUCCEEDED,
    /** Stripe refused, or the PaymentIntent was canceled. */
    DECLINED,
    /** Processing (ACH) or waiting on the customer (3-D Secure); a webhook will tell. */
    PENDING,
    /** No reliable answer (5xx, lost response): resolve by lookup, never by charging again. */
    UNKNOWN
  }
}
