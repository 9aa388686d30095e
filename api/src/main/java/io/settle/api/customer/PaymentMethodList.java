package io.settle.api.customer;

import java.util.List;

/** A customer's payment methods, oldest first; an object so it can grow fields later. */
public record PaymentMethodList(List<PaymentMethodResponse> data) {}
