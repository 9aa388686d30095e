package io.settle.workflows.ledger;

/** The invoice's money after the ledger applied an outcome, in integer minor units. */
public record InvoiceBalance(long total, long amountPaid, String status) {

  public long amountDue() {
    return Math.max(0, total - amountPaid);
  }
}
