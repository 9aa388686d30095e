package io.settle.api.payment;

import io.settle.api.paging.ListParameters;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.persistence.view.PaymentResponse;
import java.util.List;
import org.springframework.stereotype.Service;

/** Reads payments with their allocations; a portal key sees its own customer's only. */
@Service
class PaymentService {

  static final int DEFAULT_PAGE_SIZE = 25;
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
    ListParameters parameters = new ListParameters(CURSOR);
    parameters.limit(limit);
    Long beforeId = parameters.beforeId(cursor);
    parameters.check();
    Long customer = caller.role() == Caller.Role.PORTAL ? caller.customerId() : customerId;
    List<Payment> rows = payments.list(caller.merchantId(), customer, beforeId, limit + 1);
    var allocations = payments.allocationsOf(rows.stream().limit(limit).map(Payment::id).toList());
    var page = parameters.page(rows, limit, Payment::id, p -> PaymentResponse.of(p, allocations));
    return new PaymentPage(page.data(), page.nextCursor());
  }
}
