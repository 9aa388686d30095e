package io.settle.api.customer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The Stripe customer to map a customer to. */
public record MapStripeCustomerRequest(
    @NotNull
        @Pattern(
            regexp = "cus_[A-Za-z0-9]{1,250}",
            message = "must be a Stripe customer id (cus_…)")
        String stripeCustomerId) {}
