package io.settle.api.invoice;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An agent's "charge now". Both fields are optional.
 *
 * @param paymentMethodId the Stripe PaymentMethod to charge; the customer's auto-pay method when
 *     absent
 * @param amount integer minor units, at most what is owed; everything owed when absent
 */
public record ChargeRequest(
    @Size(max = 255) @Pattern(regexp = "pm_[A-Za-z0-9_]+", message = "must be a PaymentMethod id")
        String paymentMethodId,
    @Positive @Max(999_999_999_999L) Long amount) {}
