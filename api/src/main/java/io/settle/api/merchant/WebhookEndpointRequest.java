package io.settle.api.merchant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Where Stripe should send the merchant's events: Settle's own {@code
 * /webhooks/stripe/<merchantId>} as the outside world reaches it.
 *
 * @param url an absolute https URL; plain http only to localhost or 127.0.0.1, for development
 */
public record WebhookEndpointRequest(
    @NotBlank
        @Size(max = 2048)
        @Pattern(
            regexp =
                "(https://[A-Za-z0-9.-]+|http://(localhost|127\\.0\\.0\\.1))(:[0-9]{1,5})?([/?][^\\s#]*)?",
            message = "must be an absolute https URL (http only for localhost or 127.0.0.1)")
        String url) {}
