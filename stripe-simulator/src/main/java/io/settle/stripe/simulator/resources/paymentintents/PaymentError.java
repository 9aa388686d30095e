package io.settle.stripe.simulator.resources.paymentintents;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;

/** {@code last_payment_error} on a PaymentIntent: the card error of its last failed attempt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentError(
    String charge,
    String code,
    String declineCode,
    String docUrl,
    String message,
    String param,
    PaymentMethod paymentMethod,
    String paymentMethodType,
    String type) {}
