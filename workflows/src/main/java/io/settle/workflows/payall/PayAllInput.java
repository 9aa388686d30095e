package io.settle.workflows.payall;

import io.settle.workflows.ledger.PaymentSource;
import java.time.Duration;
import java.util.List;

/**
 * One payment a customer makes for one or more of its invoices, outside the invoices' own charges:
 * the portal's pay-all (with the saved method or new details), one invoice paid in the portal with
 * new details, or an invoice's payment link (a Stripe Checkout page).
 *
 * @param batchId unique per payment; names the Stripe write and the payment row
 * @param invoiceIds the invoices paid, each in full; all of the customer's, in one currency
 * @param source PORTAL or LINK, stored on the payment
 * @param how SAVED charges a saved method off-session now; ON_SESSION and CHECKOUT wait for the
 *     customer to pay in the browser
 * @param paymentMethodId for SAVED: the method, or null for the customer's auto-pay method
 * @param customerWindow how long the invoices stay reserved while the customer has not paid
 *     (ON_SESSION, CHECKOUT, or a SAVED payment that needs authentication)
 * @param successUrl for CHECKOUT: where Stripe sends the customer after paying
 * @param cancelUrl for CHECKOUT: where Stripe sends the customer who goes back
 * @param payerEmail the person paying (the portal's user), copied on the receipt; or null
 * @param paymentMethodType for ON_SESSION: the one type the browser may pay with (an agent's
 *     choice, checked against the merchant's manual types); null for every manual type
 */
public record PayAllInput(
    String batchId,
    long merchantId,
    long customerId,
    List<Long> invoiceIds,
    String currency,
    PaymentSource source,
    How how,
    String paymentMethodId,
    Duration customerWindow,
    String successUrl,
    String cancelUrl,
    String payerEmail,
    String paymentMethodType) {

  /** A payment with whatever type the merchant allows (runs started before chose none). */
  public PayAllInput(
      String batchId,
      long merchantId,
      long customerId,
      List<Long> invoiceIds,
      String currency,
      PaymentSource source,
      How how,
      String paymentMethodId,
      Duration customerWindow,
      String successUrl,
      String cancelUrl,
      String payerEmail) {
    this(
        batchId,
        merchantId,
        customerId,
        invoiceIds,
        currency,
        source,
        how,
        paymentMethodId,
        customerWindow,
        successUrl,
        cancelUrl,
        payerEmail,
        null);
  }

  public PayAllInput {
    invoiceIds = List.copyOf(invoiceIds);
    if (invoiceIds.isEmpty()) {
      throw new IllegalArgumentException("a payment pays at least one invoice");
    }
  }

  /** How the customer pays. */
  public enum How {
    SAVED,
    ON_SESSION,
    CHECKOUT
  }
}
