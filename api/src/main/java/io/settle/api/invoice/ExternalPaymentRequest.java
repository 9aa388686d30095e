package io.settle.api.invoice;

import io.settle.workflows.invoice.ExternalPayment;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Money that reached the merchant outside Stripe.
 *
 * @param reference the host app's reference (cheque number, wire id); sending the same reference
 *     again records the payment once
 * @param amount integer minor units, at most what is owed
 */
public record ExternalPaymentRequest(
    // The ledger keys the payment on the reference plus ~45 characters of its own, in 255.
    @NotBlank @Size(max = 200) String reference,
    @NotNull @Positive @Max(999_999_999_999L) Long amount,
    @NotNull ExternalPayment.Method method) {}
