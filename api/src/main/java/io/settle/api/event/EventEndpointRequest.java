package io.settle.api.event;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A URL of the host app and the events it wants.
 *
 * @param url absolute http(s); refused when it resolves to a private or loopback address
 */
public record EventEndpointRequest(
    @NotBlank @Size(max = 2000) String url,
    @NotEmpty
        @Size(max = 20)
        @ArraySchema(
            schema =
                @Schema(
                    allowableValues = {
                      "invoice.paid",
                      "invoice.partially_paid",
                      "invoice.payment_failed",
                      "invoice.requires_action",
                      "invoice.uncollectible",
                      "invoice.voided",
                      "payment.succeeded",
                      "charge_run.completed"
                    }))
        List<@NotBlank String> eventTypes,
    @Size(max = 255) String description) {}
