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
   * Each customer's balance run (its credit and bank transfers) and its activities, which wait on
   * the invoices' workflows: kept apart from the customer mapping runs' slow searches.
   */
  public static final String CUSTOMER_BALANCES = "settle-customer-balances";

  /**
   * The reconciliation janitor and its activities: long runs of paced Stripe reads, kept off the
   * invoice queue like customer mapping.
   */
  public static final String OPERATIONS = "settle-operations";

  private TaskQueues() {}
}
