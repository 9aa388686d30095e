package io.settle.api.customer;

import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;

/**
 * Who may do what to customers: admin and agent keys everything; a portal key only reads its own
 * customer (another customer is 404 to it, as another merchant's is), and never changes, maps or
 * imports.
 */
final class CustomerAccess {

  private CustomerAccess() {}

  static void requireStaff(Caller caller) {
    caller.requireStaff("Only an admin or agent API key may do that to customers.");
  }

  /** Staff read any of the merchant's customers; a portal key only its own. */
  static void requireVisible(Caller caller, long customerId) {
    if (caller.role() == Caller.Role.PORTAL) {
      if (caller.customerId() == null || caller.customerId() != customerId) {
        throw ApiProblem.notFound("customer", customerId);
      }
      return;
    }
    requireStaff(caller);
  }
}
