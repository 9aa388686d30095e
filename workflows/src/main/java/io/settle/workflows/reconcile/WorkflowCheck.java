package io.settle.workflows.reconcile;

/**
 * One page of the merchant's open invoices, each checked for a running workflow.
 *
 * @param lastInvoiceId where the next page starts
 */
public record WorkflowCheck(int checked, long lastInvoiceId, boolean more) {}
