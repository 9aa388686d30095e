package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.stripe.simulator.StripeSimulator;
import io.settle.workflows.invoice.InvoiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What auto-pay costs in Stripe calls. Stripe rate-limits per account, so every call an invoice
 * does not need is capacity taken from the merchant's other invoices: a successful auto-charge
 * should be exactly one call (the PaymentIntent create-and-confirm), with nothing read before or
 * after it.
 */
class StripeCallsIT {

  private static final int INVOICES = 10;

  private final SettleStack stack = SettleStack.get();

  @Test
  void aSuccessfulAutoChargeIsOneStripeCall() throws Exception {
    TestMerchant merchant = TestMerchant.connect(stack);
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long before = stripeCalls(stack.stripe());

    List<Long> invoices = new ArrayList<>();
    for (int i = 0; i < INVOICES; i++) {
      invoices.add(merchant.createInvoice(customerId, List.of(2_500L)).path("id").asLong());
    }
    for (long invoiceId : invoices) {
      assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    }

    long calls = stripeCalls(stack.stripe()) - before;
    System.out.printf(
        "[figure] Stripe calls per auto-charged invoice: %.2f (%d calls, %d invoices)%n",
        (double) calls / INVOICES, calls, INVOICES);
    assertThat(calls).isEqualTo(INVOICES);
  }

  /** Every request the simulator received under /v1, whatever the route. */
  private static long stripeCalls(StripeSimulator stripe) {
    return Stream.of("GET", "POST", "DELETE")
        .flatMap(
            method ->
                Stream.of("/v1/*", "/v1/*/*", "/v1/*/*/*", "/v1/*/*/*/*", "/v1/*/*/*/*/*")
                    .map(pattern -> stripe.requestCount(method, pattern)))
        .mapToLong(Long::longValue)
        .sum();
  }
}
