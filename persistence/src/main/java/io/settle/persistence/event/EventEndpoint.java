package io.settle.persistence.event;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A URL of the host app that receives the merchant's events of {@code eventTypes}. The secret is
 * stored encrypted and never leaves the store again except to sign.
 *
 * @param eventTypes wire names, comma-separated
 */
public record EventEndpoint(
    long id,
    long merchantId,
    String url,
    String eventTypes,
    String secretEncrypted,
    String description,
    LocalDateTime createdAt,
    LocalDateTime deletedAt) {

  public List<String> types() {
    return Arrays.stream(eventTypes.split(",")).filter(t -> !t.isBlank()).toList();
  }

  public boolean wants(HostEventType type) {
    return types().contains(type.wireName());
  }
}
