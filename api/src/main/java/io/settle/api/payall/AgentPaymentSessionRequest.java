package io.settle.api.payall;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An agent takes a payment with new details the customer reads out.
 *
 * @param paymentMethodType what the customer pays with: card, or us_bank_account (USD only); must
 *     be one of the merchant's allowed manual payment method types
 * @param payerEmail the person paying, copied on the receipt; optional
 */
public record AgentPaymentSessionRequest(
    @Schema(
            description =
                "What the customer pays with; the PaymentIntent allows this type only. One of the"
                    + " merchant's allowed manual payment method types (its agent types, or its"
                    + " import types when none are set); us_bank_account only for USD invoices.",
            example = "card")
        @NotNull
        @Pattern(regexp = "card|us_bank_account", message = "must be card or us_bank_account")
        String paymentMethodType,
    @Schema(
            description = "The person paying, copied on the receipt; optional",
            example = "ap@acme.test")
        @Email
        @Size(max = 320)
        String payerEmail) {}
