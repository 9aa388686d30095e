package io.settle.persistence.invoice;

/**
 * A write the ledger will not make because it would break the invoice's money: nothing was written.
 * Retrying cannot help; the {@link Reason} says what to fix.
 */
public class RefusedInvoiceChange extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public RefusedInvoiceChange(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public enum Reason {
    /** A payment larger than what is owed. */
    OVERPAYMENT,
    /** A new total below what was already paid (refunds are not Settle's to make). */
    TOTAL_BELOW_AMOUNT_PAID,
    /** A negative total or fee. */
    NEGATIVE_AMOUNT,
    /** The invoice is paid, void or uncollectible: its total no longer changes. */
    INVOICE_CLOSED,
    /** PAID shown on an invoice whose payments do not cover its total. */
    NOT_FULLY_PAID
  }
}
