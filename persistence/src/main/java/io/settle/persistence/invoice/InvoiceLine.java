package io.settle.persistence.invoice;

/** One line of an invoice; a processing fee is a line of its own kind. */
public record InvoiceLine(int position, LineKind kind, String description, long amount) {

  public enum LineKind {
    ITEM,
    PROCESSING_FEE
  }
}
