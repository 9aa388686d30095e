package io.settle.api.payment;

import io.settle.api.paging.Cursors;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentRepository;
import java.util.List;
import org.springframework.stereotype.Service;

/** Reads payments with their allocations; a portal key sees its own customer's only. */
@Service
class PaymentService {

  static final int DEFAULT_PAGE_SIZE = 25;
  static final int MAX_PAGE_SIZE = 100;
  private static final String CURSOR = "pay";

  private final PaymentRepository payments;

  PaymentService(PaymentRepository payments) {
    this.payments = payments;
  }

  PaymentResponse get(Caller caller, long id) {
    Payment payment =
        payments
            .findById(caller.merchantId(), id)
            .filter(found -> caller.sees(found.customerId()))
            .orElseThrow(() -> ApiProblem.notFound("payment", id));
    return PaymentResponse.of(payment, payments.allocationsOf(List.of(payment.id())));
  }

  PaymentPage list(Caller caller, Long customerId, int limit, String cursor) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    Long beforeId = null;
    if (cursor != null && !cursor.isBlank()) {
      beforeId =
          Cursors.lastId(CURSOR, cursor)
              .orElseThrow(
                  () -> ApiProblem.invalid("cursor", "must be a nextCursor from a listing"));
    }
    Long customer = caller.role() == Caller.Role.PORTAL ? caller.customerId() : customerId;
    List<Payment> page = payments.list(caller.merchantId(), customer, beforeId, limit + 1);
    boolean more = page.size() > limit;
    List<Payment> shown = more ? page.subList(0, limit) : page;
    var allocations = payments.allocationsOf(shown.stream().map(Payment::id).toList());
    return new PaymentPage(
        shown.stream().map(p -> PaymentResponse.of(p, allocations)).toList(),
        more ? Cursors.after(CURSOR, shown.getLast().id()) : null);
  }
}
