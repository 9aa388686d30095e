package io.settle.api.customer;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Who may do what to customers: admin and agent keys everything; a portal key only reads its own
 * customer (another customer is 404 to it, as another merchant's is), and never changes, maps or
 * imports.
 */
final class CustomerAccess {

  private CustomerAccess() {}

  static void requireStaff(Caller caller) {
    if (caller.role() != Caller.Role.ADMIN && caller.role() != Caller.Role.AGENT) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          "Only an admin or agent API key may do that to customers.",
          Map.of());
    }
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
