package io.settle.api.apikey;

import java.util.List;

/** The answer to creating a key: the key is shown here once and never again. */
record ApiKeyCreated(
    long id, String role, List<String> permissions, Long customerId, String prefix, String key) {

  @Override
  public String toString() {
    return "ApiKeyCreated[id=%d, role=%s, permissions=%s, customerId=%s, prefix=%s, key=****]"
        .formatted(id, role, permissions, customerId, prefix);
  }
}
