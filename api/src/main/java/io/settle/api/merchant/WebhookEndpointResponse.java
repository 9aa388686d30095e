package io.settle.api.merchant;

import java.util.List;

/**
 * The merchant's webhook endpoint at Stripe. The signing secret never leaves Settle: the answer
 * says only whether one is stored to verify the events with.
 */
public record WebhookEndpointResponse(
    String endpointId, String url, List<String> enabledEvents, boolean secretStored) {}
