package io.settle.workflows;

/** The one home of task queue names: the worker polls them, the API starts workflows on them. */
public final class TaskQueues {

  /** Invoice payment workflows and every activity they schedule. */
  public static final String INVOICE_PAYMENTS = "settle-invoice-payments";

  private TaskQueues() {}
}
