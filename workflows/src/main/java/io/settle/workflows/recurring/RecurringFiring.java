package io.settle.workflows.recurring;

/**
 * What a template's Schedule starts its workflow with: the template, nothing else. The template's
 * content is read when the firing runs, so a change applies from the next invoice on.
 */
public record RecurringFiring(long merchantId, long recurringInvoiceId) {}
