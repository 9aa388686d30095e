package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.param.PaymentIntentListParams;
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
 * second, enforced by the simulator with 429s). Each invoice is charged by exactly one
 * PaymentIntent, and the worker's pacing keeps the requests close to one per invoice (a loaded
 * machine may still land a paced request in a crowded second; its 429 is retried under the same
 * key). The rate achieved is printed as a figure, not asserted.
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
    long intents = intentsMadeFor(merchant);
    System.out.printf(
        "[figure] %d due invoices charged in %.1f s: %.1f charges/s against a limit of %d/s;"
            + " %d PaymentIntent requests for %d PaymentIntents%n",
        INVOICES,
        seconds,
        INVOICES / seconds,
        STRIPE_TEST_MODE_WRITES_PER_SECOND,
        creates,
        intents);
    // Never charged twice: one PaymentIntent per invoice, whatever was retried.
    assertThat(intents).isEqualTo(INVOICES);
    // Paced, not stormed: a request the pacer let go may still reach Stripe in a crowded second
    // when this machine is loaded (each 429 is retried under its key: one request more), but
    // without pacing a burst of 500 at 25 a second is answered with hundreds of 429s. Only this
    // merchant's requests count: other tests' runs may still be charging meanwhile.
    assertThat(creates).isBetween((long) INVOICES, INVOICES + INVOICES / 10L);
  }

  /** The merchant's PaymentIntents at Stripe, as its dashboard lists them. */
  private static long intentsMadeFor(TestMerchant merchant) throws Exception {
    long count = 0;
    for (var ignored :
        merchant
            .stripe
            .v1()
            .paymentIntents()
            .list(PaymentIntentListParams.builder().setLimit(100L).build())
            .autoPagingIterable()) {
      count++;
    }
    return count;
  }
}
