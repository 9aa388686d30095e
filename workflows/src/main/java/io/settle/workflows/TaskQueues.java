package io.settle.workflows;

/** The one home of task queue names: the worker polls them, the API starts workflows on them. */
public final class TaskQueues {

  /** Invoice payment workflows and every activity they schedule. */
  public static final String INVOICE_PAYMENTS = "settle-invoice-payments";

  /**
   * Customer mapping runs and their activities: slow, paced Stripe searches kept off the invoice
   * queue, so a merchant's thousands of lookups never wait in line before a due charge.
   */
  public static final String CUSTOMERS = "settle-customers";

  /**
   * The reconciliation janitor and its activities: long runs of paced Stripe reads, kept off the
   * invoice queue like customer mapping.
   */
  public static final String OPERATIONS = "settle-operations";

  private TaskQueues() {}
}
