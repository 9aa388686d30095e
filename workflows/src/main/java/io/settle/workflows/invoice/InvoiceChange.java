package io.settle.workflows.invoice;

import java.time.LocalDate;

/**
 * The host app changed the invoice: its total, its due date, or both (null leaves one as it is). A
 * new due date moves the auto-pay timer; a new total changes what is owed.
 */
public record InvoiceChange(Long total, LocalDate dueDate) {}
