package io.settle.api.customer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A customer, optionally mapped by hand to an existing Stripe customer and its auto-pay method.
 *
 * @param email the accounts email: payment emails go to it
 * @param ccEmail the accounts CC address, copied on every payment email; optional
 */
public record CreateCustomerRequest(
    @NotBlank @Size(max = 200) String name,
    @Email @Size(max = 320) String email,
    @Pattern(regexp = "cus_[A-Za-z0-9]{1,250}", message = "must be a Stripe customer id (cus_…)")
        String stripeCustomerId,
    @Pattern(
            regexp = "pm_[A-Za-z0-9_]{1,250}",
            message = "must be a Stripe payment method id (pm_…)")
        String defaultPaymentMethodId,
    @Email @Size(max = 320) String ccEmail) {}
