package io.settle.workflows.invoice;

/** Where an invoice's payment lifecycle stands. The workflow code is the state machine. */
public enum InvoiceState {
  OPEN,
  AWAITING_DUE_DATE,
  CHARGING,
  PROCESSING,
  REQUIRES_ACTION,
  RETRY_SCHEDULED,
  PARTIALLY_PAID,
  PAID,
  VOID,
  UNCOLLECTIBLE;

  public boolean isTerminal() {
    return this == PAID || this == VOID || this == UNCOLLECTIBLE;
  }
}
