package io.settle.api.security;

import io.settle.api.apikey.Permissions;
import io.settle.api.problem.ApiProblem;
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

  /**
   * The customer a portal key acts for.
   *
   * @throws ApiProblem 403 for any other key: the portal is the customer's own
   */
  public long portalCustomerId() {
    if (role != Role.PORTAL || customerId == null) {
      throw ApiProblem.forbidden("Only a customer's portal API key may use the portal.");
    }
    return customerId;
  }

  /**
   * @throws ApiProblem 403 with {@code detail} unless this is an admin key
   */
  public void requireAdmin(String detail) {
    if (role != Role.ADMIN) {
      throw ApiProblem.forbidden(detail);
    }
  }

  /**
   * @throws ApiProblem 403 with {@code detail} unless this is one of the merchant's people (an
   *     admin or agent key)
   */
  public void requireStaff(String detail) {
    if (role != Role.ADMIN && role != Role.AGENT) {
      throw ApiProblem.forbidden(detail);
    }
  }

  /**
   * @throws ApiProblem 403 unless this is an admin key, or an agent key with the permission to take
   *     payments by hand
   */
  public void requireManualPayments() {
    requireStaff("This API key may not do that.");
    if (role == Role.AGENT && !permissions.contains(Permissions.RECEIVE_MANUAL_PAYMENTS)) {
      throw ApiProblem.forbidden(
          "This API key needs the '" + Permissions.RECEIVE_MANUAL_PAYMENTS + "' permission.");
    }
  }

  public enum Role {
    /** Holds the bootstrap token; may only create merchants. */
    BOOTSTRAP,
    ADMIN,
    AGENT,
    PORTAL
  }
}
