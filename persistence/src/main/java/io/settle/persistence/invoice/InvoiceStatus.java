package io.settle.persistence.invoice;

/**
 * The invoice's status of record. Finer states (processing, requires action, retry scheduled)
 * belong to the workflow and are read from it.
 */
public enum InvoiceStatus {
  OPEN,
  PAID,
  VOID,
  UNCOLLECTIBLE
}
