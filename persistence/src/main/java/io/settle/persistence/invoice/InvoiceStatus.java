package io.settle.persistence.invoice;

/**
 * What the invoice row shows, which is what the API reads: the payment workflow's user-visible
 * state. The workflow's passing states (awaiting the due date, charging, retry scheduled) show as
 * OPEN, or PARTIALLY_PAID once some money came; the workflow itself answers for the finer ones.
 */
public enum InvoiceStatus {
  OPEN,
  /** A payment is in flight at the bank (ACH) and will settle, or fail, later. */
  PROCESSING,
  /** The customer must authenticate (3-D Secure) or verify a bank account. */
  REQUIRES_ACTION,
  PARTIALLY_PAID,
  PAID,
  VOID,
  UNCOLLECTIBLE;

  /** Once here, only money can move the invoice, and only to PAID (an uncollectible paid late). */
  public boolean isTerminal() {
    return this == PAID || this == VOID || this == UNCOLLECTIBLE;
  }
}
