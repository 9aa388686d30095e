package io.settle.api.payall;

import io.settle.workflows.payall.PayAllView;
import java.time.Instant;
import java.util.List;

/**
 * A customer's one payment for one or more invoices. Money is integer minor units.
 *
 * @param stage STARTING, AWAITING_CUSTOMER (pay or authenticate with Stripe.js using clientSecret,
 *     or on the Checkout page), PROCESSING (a bank debit on its way), SUCCEEDED (one payment,
 *     allocated to each invoice) or FAILED (nothing taken; the invoices are released)
 * @param invoices each invoice's share: what it owed, with the processing fee where one applies
 * @param clientSecret for a payment with new details: hand to Stripe.js; null once it has ended
 * @param payBy when an unfinished payment is closed and the invoices released
 * @param errorCode why it failed: a Stripe code (card_declined, …) or invoice_not_payable
 */
public record PayAllResponse(
    String id,
    PayAllView.Stage stage,
    long amount,
    String currency,
    List<Share> invoices,
    String paymentIntentId,
    String clientSecret,
    Instant payBy,
    String errorCode,
    String message) {

  public record Share(long invoiceId, long amount) {}

  static PayAllResponse of(PayAllView view) {
    return new PayAllResponse(
        view.batchId(),
        view.stage(),
        view.amount(),
        view.currency(),
        view.shares().stream().map(s -> new Share(s.invoiceId(), s.amount())).toList(),
        view.paymentIntentId(),
        view.clientSecret(),
        view.stage().isFinal() ? null : view.payBy(),
        view.errorCode(),
        view.refusal());
  }
}
