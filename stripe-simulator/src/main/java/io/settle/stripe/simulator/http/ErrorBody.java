package io.settle.stripe.simulator.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The object under {@code "error"} in a Stripe error response. Absent fields are left out, as
 * Stripe does. {@code paymentIntent} and {@code paymentMethod} carry the full objects on card
 * errors so a client can read the PaymentIntent's new status from the exception alone; {@code
 * setupIntent} does the same for SetupIntent errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
    String type,
    String code,
    String declineCode,
    String message,
    String param,
    String docUrl,
    String charge,
    Object paymentIntent,
    Object paymentMethod,
    String paymentMethodType,
    Object setupIntent,
    String requestLogUrl) {

  ErrorBody withRequestLogUrl(String url) {
    return new ErrorBody(
        type,
        code,
        declineCode,
        message,
        param,
        docUrl,
        charge,
        paymentIntent,
        paymentMethod,
        paymentMethodType,
        setupIntent,
        url);
  }

  ErrorBody withSetupIntent(Object setupIntent) {
    return new ErrorBody(
        type,
        code,
        declineCode,
        message,
        param,
        docUrl,
        charge,
        paymentIntent,
        paymentMethod,
        paymentMethodType,
        setupIntent,
        requestLogUrl);
  }
}
