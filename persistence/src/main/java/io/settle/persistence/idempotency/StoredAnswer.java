package io.settle.persistence.idempotency;

/**
 * The answer first given to a request with an idempotency key, to replay byte for byte.
 *
 * @param contentType the {@code Content-Type} header, or null
 * @param location the {@code Location} header, or null
 */
public record StoredAnswer(int status, String contentType, String location, byte[] body) {}
