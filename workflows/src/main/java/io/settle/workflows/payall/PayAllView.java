package io.settle.workflows.payall;

import io.settle.workflows.invoice.InvoiceProblem;
import io.settle.workflows.ledger.PaymentSource;
import java.time.Instant;
import java.util.List;

/**
 * Where a customer's batch payment stands, as its update and query answer it. Money is integer
 * minor units.
 *
 * @param shares what each reserved invoice's part of the payment is (its amount due, with the
 *     processing fee when the merchant charges one)
 * @param clientSecret for ON_SESSION: the PaymentIntent's client secret for Stripe.js
 * @param checkoutUrl for CHECKOUT: the Stripe page the link sends the customer to
 * @param refusal why the payment was not made (an invoice could not be reserved, a decline)
 * @param problem what the run waits on (a refused ledger write, a refused lookup), or null
 * @param source who is paying: PORTAL (the customer), LINK, or AGENT (new details an agent takes)
 */
public record PayAllView(
    String batchId,
    long merchantId,
    long customerId,
    Stage stage,
    List<Share> shares,
    long amount,
    String currency,
    String paymentIntentId,
    String clientSecret,
    String checkoutUrl,
    Instant payBy,
    String errorCode,
    String refusal,
    InvoiceProblem problem,
    PaymentSource source) {

  /** The {@link #errorCode()} of a payment refused because an invoice could not be reserved. */
  public static final String NOT_PAYABLE = "invoice_not_payable";

  public PayAllView {
    shares = List.copyOf(shares);
  }

  public record Share(long invoiceId, long amount) {}

  public enum Stage {
    /** The invoices are being reserved and the payment made. */
    STARTING,
    /** Waiting for the customer to pay or authenticate in the browser. */
    AWAITING_CUSTOMER,
    /** The money is on its way (a bank debit). */
    PROCESSING,
    /** Paid: one payment, allocated to each invoice. */
    SUCCEEDED,
    /** Nothing was taken: refused, declined, canceled or left unpaid; the invoices are released. */
    FAILED;

    public boolean isFinal() {
      return this == SUCCEEDED || this == FAILED;
    }
  }
}
