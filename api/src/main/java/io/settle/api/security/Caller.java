package io.settle.api.security;

import java.util.Set;

/**
 * Who is calling, as an API key says. Every read and write is scoped by {@link #merchantId()}, so
 * another merchant's records are simply not found.
 */
public record Caller(long merchantId, Role role, Set<String> permissions, Long customerId) {

  /**
   * Whether the caller may see the merchant's customer {@code id} and what is theirs: every
   * merchant role may, a portal key only its own customer.
   */
  public boolean sees(long customerId) {
    return role != Role.PORTAL || (this.customerId != null && this.customerId == customerId);
  }

  public enum Role {
    /** Holds the bootstrap token; may only create merchants. */
    BOOTSTRAP,
    ADMIN,
    AGENT,
    PORTAL
  }
}
