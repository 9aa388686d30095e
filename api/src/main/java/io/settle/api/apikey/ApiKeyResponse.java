package io.settle.api.apikey;

import io.settle.persistence.apikey.IssuedApiKey;
import java.time.LocalDateTime;
import java.util.List;

/** A key as listed: its prefix to recognise it by, never the key itself. */
record ApiKeyResponse(
    long id,
    String role,
    List<String> permissions,
    Long customerId,
    String prefix,
    LocalDateTime createdAt,
    LocalDateTime revokedAt) {

  static ApiKeyResponse of(IssuedApiKey key) {
    return new ApiKeyResponse(
        key.id(),
        key.role(),
        ApiKeyService.permissionsOf(key.permissions()),
        key.customerId(),
        key.keyPrefix(),
        key.createdAt(),
        key.revokedAt());
  }
}
