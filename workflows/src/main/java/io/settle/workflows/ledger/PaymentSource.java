package io.settle.workflows.ledger;

/** Who or what started a payment. Stored with every attempt and payment. */
public enum PaymentSource {
  AUTO,
  AGENT,
  PORTAL,
  LINK,
  BANK_TRANSFER,
  EXTERNAL,
  /** The customer's credit in Settle's ledger: no money moved, it had come before. */
  CREDIT
}
