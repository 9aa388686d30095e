package io.settle.workflows.balance;

import java.time.LocalDate;

/** An invoice of the customer's that still owes money, as the ledger last showed it. */
public record OwedInvoice(
    long invoiceId, String number, String currency, long amountDue, LocalDate dueDate) {}
