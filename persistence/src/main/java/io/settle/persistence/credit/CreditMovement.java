package io.settle.persistence.credit;

import java.time.LocalDateTime;

/**
 * One movement of a customer's credit, in integer minor units: positive adds, negative takes.
 *
 * @param paymentId for OVERPAYMENT the payment whose excess it is; for APPLIED the CREDIT payment
 *     it became
 * @param invoiceId for OVERPAYMENT the invoice overpaid; for APPLIED the invoice it paid
 */
public record CreditMovement(
    long id,
    long merchantId,
    long customerId,
    String currency,
    long amount,
    Kind kind,
    Long paymentId,
    Long invoiceId,
    LocalDateTime createdAt) {

  /** Why credit moved. */
  public enum Kind {
    /** A payment brought more than its invoice owed. */
    OVERPAYMENT,
    /** Credit paid (part of) an invoice. */
    APPLIED
  }
}
