package io.settle.api.apikey;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/**
 * @param permissions extra rights, such as {@code receive_manual_payments}; none when absent
 * @param customerId the customer a PORTAL key acts for; required for PORTAL, absent otherwise
 */
record CreateApiKeyRequest(
    @NotNull Role role, List<@NotNull String> permissions, @Positive Long customerId) {

  /** The roles a key can be issued with; the bootstrap token is configuration, never a key. */
  enum Role {
    ADMIN,
    AGENT,
    PORTAL
  }
}
