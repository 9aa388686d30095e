package io.settle.api.payall;

/** What the customer sees after Checkout: the invoice's state. Money in minor units. */
public record PaymentLinkStatus(
    String invoiceNumber, String status, long amountDue, String currency) {}
