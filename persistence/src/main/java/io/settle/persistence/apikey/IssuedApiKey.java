package io.settle.persistence.apikey;

import java.time.LocalDateTime;

/** An API key as its merchant's admin sees it in a listing: never its hash, never its token. */
public record IssuedApiKey(
    long id,
    String keyPrefix,
    String role,
    String permissions,
    Long customerId,
    LocalDateTime createdAt,
    LocalDateTime revokedAt) {}
