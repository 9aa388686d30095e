package io.settle.api.webhook;

/**
 * A merchant's webhook signing secret was stored anew: the inbox drops the decrypted secrets it
 * keeps for that merchant, so the next event is checked against the new one at once. Published
 * within this API instance; others take it within a second of the first event it signs.
 */
public record SigningSecretChanged(long merchantId) {}
