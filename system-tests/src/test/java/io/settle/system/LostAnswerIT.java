package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe charged, but Settle never heard: the answer was lost after the effect. Either way the
 * invoice must end PAID with exactly one PaymentIntent, and the attempt must carry that
 * PaymentIntent. A 500 is resolved by looking the PaymentIntent up (Stripe keeps the 500 under the
 * key, so re-sending it would only replay the 500); a timeout is retried by Temporal under the same
 * key, which Stripe answers with the result it kept.
 */
class LostAnswerIT {

  private final SettleStack stack = SettleStack.get();
  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @AfterEach
  void clearFaults() {
    stack.stripe().clearFaults();
  }

  @Test
  void aChargeAnsweredWith500AfterTheEffectIsResolvedByLookupAndNotChargedAgain() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    stack.stripe().failAfter("POST", "/v1/payment_intents", 1);

    long invoiceId = merchant.createInvoice(customerId, List.of(8_800L)).path("id").asLong();

    assertPaidWithOnePaymentIntent(invoiceId);
    assertThat(stack.stripe().requestCount("POST", "/v1/payment_intents"))
        .as("one create, then lookups only")
        .isPositive();
  }

  @Test
  void aChargeWhoseAnswerTimedOutAfterTheEffectIsRetriedUnderItsKeyAndChargedOnce()
      throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    // Held far longer than the worker's 3 s read timeout.
    stack.stripe().timeoutAfter("POST", "/v1/payment_intents", Duration.ofMinutes(2), 1);

    long invoiceId = merchant.createInvoice(customerId, List.of(6_600L)).path("id").asLong();

    assertPaidWithOnePaymentIntent(invoiceId);
  }

  private void assertPaidWithOnePaymentIntent(long invoiceId) throws Exception {
    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    List<PaymentIntent> intents = merchant.intentsFor(invoiceId);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).getStatus()).isEqualTo("succeeded");

    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(read.path("attempts").get(0).path("paymentIntentId").asText())
        .isEqualTo(intents.get(0).getId());
    assertThat(read.path("payments")).hasSize(1);
  }
}
