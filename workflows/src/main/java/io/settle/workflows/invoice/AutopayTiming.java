package io.settle.workflows.invoice;

/** When an invoice is charged without anyone acting. A merchant setting, copied per invoice. */
public enum AutopayTiming {
  /** Never automatically: the workflow waits for an agent, the portal or a payment link. */
  OFF,
  /** As soon as the invoice exists. */
  ON_CREATION,
  /** On the due date, by a durable timer. */
  ON_DUE_DATE
}
