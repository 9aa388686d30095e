package io.settle.persistence.apikey;

/** An API key as stored: only its SHA-256 hash and a short prefix to recognise it by. */
public record ApiKey(
    long id, long merchantId, String keyPrefix, String role, String permissions, Long customerId) {}
