package io.settle.persistence.invoice;

/**
 * One line of an invoice. The lines always sum up to the invoice's total: a processing fee is a
 * line of its own kind, and a change of total by the host app is an ADJUSTMENT line (positive or
 * negative) for the difference.
 */
public record InvoiceLine(int position, LineKind kind, String description, long amount) {

  public enum LineKind {
    ITEM,
    PROCESSING_FEE,
    ADJUSTMENT
  }
}
