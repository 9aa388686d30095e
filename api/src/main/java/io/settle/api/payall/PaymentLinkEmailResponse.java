package io.settle.api.payall;

import java.util.List;

/**
 * An emailed payment link, queued: the worker's mail relay sends it.
 *
 * @param notificationId the outbox message, as {@code GET /api/v1/ops/notifications} shows it
 * @param to the customer's accounts email
 * @param cc the copies: the customer's accounts CC address, the merchant's notification address
 */
public record PaymentLinkEmailResponse(
    long notificationId, long invoiceId, String url, String to, List<String> cc) {}
