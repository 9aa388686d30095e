package io.settle.stripe.simulator.http;

import java.util.Map;

/**
 * A result kept under an idempotency key, as a state file holds it, so that a request retried after
 * a restart gets the first answer again instead of acting twice.
 */
public record KeptResponse(
    String accountId,
    String key,
    String method,
    String path,
    Map<String, Object> params,
    int status,
    byte[] body,
    Map<String, String> headers) {}
