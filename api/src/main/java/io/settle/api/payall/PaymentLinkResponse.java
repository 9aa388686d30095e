package io.settle.api.payall;

/** Where the customer pays the invoice: Settle's link, which opens a Stripe Checkout page. */
public record PaymentLinkResponse(long invoiceId, String url) {}
