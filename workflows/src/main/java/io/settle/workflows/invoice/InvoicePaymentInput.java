package io.settle.workflows.invoice;

import java.time.LocalDate;

/**
 * Everything the workflow needs to start deciding about one invoice. Money is integer minor units.
 *
 * @param invoiceKey the invoice's public key ({@code inv_…}), unique across databases; idempotency
 *     keys are built from it so a reset database can never replay another invoice's charge
 */
public record InvoicePaymentInput(
    long merchantId,
    long invoiceId,
    String invoiceKey,
    String invoiceNumber,
    long customerId,
    String customerName,
    String currency,
    long total,
    LocalDate dueDate,
    AutopayTiming autopay) {}
