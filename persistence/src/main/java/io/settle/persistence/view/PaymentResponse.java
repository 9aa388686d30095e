package io.settle.persistence.view;

import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentAllocation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Money that arrived, and how it was allocated to invoices. Money is integer minor units.
 *
 * @param source AUTO, AGENT, PORTAL, LINK, BANK_TRANSFER or EXTERNAL
 * @param externalMethod for EXTERNAL payments: CHEQUE, WIRE, CASH or OTHER
 */
public record PaymentResponse(
    long id,
    long customerId,
    long amount,
    String currency,
    String source,
    String status,
    String stripePaymentIntentId,
    String externalMethod,
    String externalReference,
    Instant createdAt,
    List<Allocation> allocations) {

  public record Allocation(long invoiceId, long amount) {}

  public static PaymentResponse of(Payment payment, List<PaymentAllocation> allocations) {
    return new PaymentResponse(
        payment.id(),
        payment.customerId(),
        payment.amount(),
        payment.currency(),
        payment.source(),
        payment.status(),
        payment.stripePaymentIntentId(),
        payment.externalMethod(),
        payment.externalReference(),
        payment.createdAt().toInstant(ZoneOffset.UTC),
        allocations.stream()
            .filter(a -> a.paymentId() == payment.id())
            .map(a -> new Allocation(a.invoiceId(), a.amount()))
            .toList());
  }
}
