package io.settle.api.merchant;

/**
 * The Stripe account the merchant is connected to, as far as it can be shown: never the key.
 *
 * @param secretKeyLast4 the last four characters of the secret key, to tell keys apart
 */
public record StripeConnectionResponse(
    String secretKeyLast4, boolean livemode, String publishableKey) {}
