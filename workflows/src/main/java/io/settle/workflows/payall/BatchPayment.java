package io.settle.workflows.payall;

import io.settle.workflows.charge.ChargeResult;
import java.time.Instant;
import java.util.List;

/**
 * What the pay-all activities need to make (or look up) the batch's one payment at Stripe, and what
 * they made.
 */
public final class BatchPayment {

  private BatchPayment() {}

  /**
   * @param idempotencyKey made in the workflow; the same for every retry
   * @param payBy for CHECKOUT: when the page expires
   * @param paymentMethodType for ON_SESSION: the one type allowed, or null for every manual type
   */
  public record Request(
      String idempotencyKey,
      String batchId,
      long merchantId,
      long customerId,
      List<Long> invoiceIds,
      long amount,
      String currency,
      PayAllInput.How how,
      String paymentMethodId,
      Instant payBy,
      String successUrl,
      String cancelUrl,
      String payerEmail,
      String paymentMethodType) {

    public Request {
      invoiceIds = List.copyOf(invoiceIds);
    }
  }

  /**
   * @param result SUCCEEDED, DECLINED, UNKNOWN, or PENDING while the customer has not paid
   * @param checkoutSessionId for CHECKOUT, the session to expire when the time is up
   */
  public record Started(
      ChargeResult result, String clientSecret, String checkoutSessionId, String checkoutUrl) {}
}
