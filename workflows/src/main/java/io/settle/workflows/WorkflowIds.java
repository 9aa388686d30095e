package io.settle.workflows;

/**
 * The one home of workflow IDs. Each ID is derived from a domain id, so starting the same invoice's
 * workflow twice finds the running one instead of creating a second.
 */
public final class WorkflowIds {

  private static final String INVOICE_PAYMENT_PREFIX = "invoice-payment:";

  private WorkflowIds() {}

  public static String invoicePayment(long invoiceId) {
    if (invoiceId <= 0) {
      throw new IllegalArgumentException("invoice id must be positive: " + invoiceId);
    }
    return INVOICE_PAYMENT_PREFIX + invoiceId;
  }

  /** The inverse of {@link #invoicePayment(long)}. */
  public static long invoiceIdOf(String workflowId) {
    if (workflowId == null || !workflowId.startsWith(INVOICE_PAYMENT_PREFIX)) {
      throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId);
    }
    try {
      long id = Long.parseLong(workflowId.substring(INVOICE_PAYMENT_PREFIX.length()));
      if (id <= 0) {
        throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId, e);
    }
  }
}
