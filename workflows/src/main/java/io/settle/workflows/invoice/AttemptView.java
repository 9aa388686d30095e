package io.settle.workflows.invoice;

import io.settle.workflows.charge.PaymentOutcome;

/** One charge attempt as the status query shows it. */
public record AttemptView(
    int number,
    String idempotencyKey,
    long amount,
    PaymentOutcome outcome,
    String paymentIntentId,
    String errorCode,
    String declineCode) {}
