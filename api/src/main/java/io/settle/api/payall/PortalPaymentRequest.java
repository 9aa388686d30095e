package io.settle.api.payall;

import io.settle.api.validation.StripeCurrency;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The customer pays several (or all) of its invoices with one payment.
 *
 * @param invoiceIds the invoices to pay in full; empty or absent for every outstanding one in the
 *     currency
 * @param currency ISO 4217; absent for the merchant's settlement currency
 * @param paymentMethodId a saved method to charge now; absent for the auto-pay method
 * @param newPaymentMethod true to pay with new details in the browser: the answer carries the
 *     client secret for Stripe.js, and paymentMethodId must be absent
 * @param payerEmail the person paying, copied on the receipt; optional
 */
public record PortalPaymentRequest(
    @Size(max = 100) List<@NotNull @Positive Long> invoiceIds,
    @Pattern(regexp = "[A-Za-z]{3}", message = "must be an ISO 4217 code") @StripeCurrency
        String currency,
    @Size(min = 1, max = 255) String paymentMethodId,
    Boolean newPaymentMethod,
    @Email @Size(max = 320) String payerEmail) {

  boolean withNewDetails() {
    return Boolean.TRUE.equals(newPaymentMethod);
  }
}
