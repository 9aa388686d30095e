package io.settle.activities.ledger;

import io.settle.persistence.invoice.RefusedInvoiceChange;
import io.temporal.failure.ApplicationFailure;

/**
 * The failure types the ledger raises, all non-retryable: the write was refused and nothing was
 * written, so a retry would be refused again. The type is what the workflow catches on and what the
 * Temporal UI shows.
 */
public final class LedgerFailures {

  /** The workflow names an invoice the database does not hold. */
  public static final String INVOICE_NOT_FOUND = "InvoiceNotFound";

  /** The invoice's customer row is gone. */
  public static final String CUSTOMER_NOT_FOUND = "CustomerNotFound";

  /** An outcome for an attempt that was never begun. */
  public static final String ATTEMPT_NOT_FOUND = "AttemptNotFound";

  /** A payment larger than what the invoice still owes. */
  public static final String PAYMENT_EXCEEDS_AMOUNT_DUE = "PaymentExceedsAmountDue";

  /** A new total below what the invoice has been paid already. */
  public static final String TOTAL_BELOW_AMOUNT_PAID = "InvoiceTotalBelowAmountPaid";

  /** A negative total or fee, or a zero or negative payment. */
  public static final String INVALID_AMOUNT = "InvalidAmount";

  /** A change of total, due date or fee on a paid, void or uncollectible invoice. */
  public static final String INVOICE_CLOSED = "InvoiceClosed";

  /** PAID shown on an invoice whose recorded payments do not cover its total. */
  public static final String INVOICE_NOT_FULLY_PAID = "InvoiceNotFullyPaid";

  /** An external payment's key was recorded before with another amount. */
  public static final String EXTERNAL_PAYMENT_KEY_REUSED = "ExternalPaymentKeyReused";

  /** An external payment without a reference, or with one too long to store. */
  public static final String INVALID_EXTERNAL_PAYMENT = "InvalidExternalPayment";

  private LedgerFailures() {}

  static ApplicationFailure refused(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  public static ApplicationFailure of(RefusedInvoiceChange refusal) {
    String type =
        switch (refusal.reason()) {
          case OVERPAYMENT -> PAYMENT_EXCEEDS_AMOUNT_DUE;
          case TOTAL_BELOW_AMOUNT_PAID -> TOTAL_BELOW_AMOUNT_PAID;
          case NEGATIVE_AMOUNT -> INVALID_AMOUNT;
          case INVOICE_CLOSED -> INVOICE_CLOSED;
          case NOT_FULLY_PAID -> INVOICE_NOT_FULLY_PAID;
        };
    return refused(type, refusal.getMessage());
  }
}
