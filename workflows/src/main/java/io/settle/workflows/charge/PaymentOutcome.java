package io.settle.workflows.charge;

/**
 * What a charge attempt came to, as the workflow decides on it. The Stripe adapter maps every
 * gateway answer onto exactly one of these, in one pure converter.
 */
public enum PaymentOutcome {
  /** Money was taken. */
  SUCCEEDED,
  /** The gateway refused; dunning decides what comes next. Never retried by the activity. */
  DECLINED,
  /** Processing (ACH) or waiting on the customer (3-D Secure); a webhook will tell. */
  PENDING,
  /**
   * No reliable answer (timeout, 5xx, lost response): resolve by lookup, never by charging again.
   */
  UNKNOWN
}
