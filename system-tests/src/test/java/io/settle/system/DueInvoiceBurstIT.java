package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.invoice.InvoiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of auto-pay invoices for one merchant against Stripe's test-mode limit (25 writes per
 * second, enforced by the simulator with 429s). The worker's pacing must keep every charge under
 * the limit: each invoice is charged by exactly one PaymentIntent request, and none is refused. The
 * rate achieved is printed as a figure, not asserted.
 */
class DueInvoiceBurstIT {

  private static final int INVOICES = 500;
  private static final int STRIPE_TEST_MODE_WRITES_PER_SECOND = 25;

  private final SettleStack stack = SettleStack.get();

  @AfterEach
  void liftTheLimit() {
    stack.stripe().rateLimit(0, 0);
  }

  @Test
  void aBurstOfDueInvoicesRunsAtStripesLimitWithoutA429() throws Exception {
    TestMerchant merchant = TestMerchant.connect(stack);
    long customerId = merchant.customerPayingWith("pm_card_visa");
    stack.stripe().rateLimit(0, STRIPE_TEST_MODE_WRITES_PER_SECOND);
    long createsBefore =
        stack.stripe().requestCount(merchant.stripeKey, "POST", "/v1/payment_intents");
    long started = System.nanoTime();

    // The host app hands them over at once, as at the end of a billing run.
    List<Long> invoices;
    try (ExecutorService hostApp = Executors.newFixedThreadPool(8)) {
      List<Future<Long>> created = new ArrayList<>();
      for (int i = 0; i < INVOICES; i++) {
        created.add(
            hostApp.submit(
                () -> merchant.createInvoice(customerId, List.of(1_500L)).path("id").asLong()));
      }
      invoices = new ArrayList<>();
      for (Future<Long> invoice : created) {
        invoices.add(invoice.get());
      }
    }
    for (long invoiceId : invoices) {
      assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    long creates =
        stack.stripe().requestCount(merchant.stripeKey, "POST", "/v1/payment_intents")
            - createsBefore;
    System.out.printf(
        "[figure] %d due invoices charged in %.1f s: %.1f charges/s against a limit of %d/s;"
            + " %d PaymentIntent requests%n",
        INVOICES, seconds, INVOICES / seconds, STRIPE_TEST_MODE_WRITES_PER_SECOND, creates);
    // A 429 would have been retried by Temporal: one more request than invoices. Only this
    // merchant's requests count: other tests' runs may still be charging meanwhile.
    assertThat(creates).isEqualTo(INVOICES);
  }
}
