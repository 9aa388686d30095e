package io.settle.api.apikey;

import io.settle.persistence.apikey.IssuedApiKey;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** A key as listed: its prefix to recognise it by, never the key itself. */
record ApiKeyResponse(
    long id,
    String role,
    List<String> permissions,
    Long customerId,
    String prefix,
    Instant createdAt,
    Instant revokedAt) {

  static ApiKeyResponse of(IssuedApiKey key) {
    return new ApiKeyResponse(
        key.id(),
        key.role(),
        ApiKeyService.permissionsOf(key.permissions()),
        key.customerId(),
        key.keyPrefix(),
        utc(key.createdAt()),
        utc(key.revokedAt()));
  }

  // The columns hold UTC without an offset; the API speaks RFC 3339 instants, as elsewhere.
  private static Instant utc(LocalDateTime at) {
    return at == null ? null : at.toInstant(ZoneOffset.UTC);
  }
}
