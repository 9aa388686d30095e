package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Event;
import com.stripe.param.EventListParams;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.invoice.PaymentUpdate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle paths on the real stack (MariaDB, the Temporal dev server, the Stripe simulator) that
 * the time-skipping tests cannot show: a person's retry after a decline, 3-D Secure completed by
 * the signal the webhook inbox sends, and finding invoices by status in Temporal's visibility.
 */
class InvoiceLifecycleIT {

  private final SettleStack stack = SettleStack.get();
  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void aDeclineFollowedByARetryThatSucceedsEndsPaidWithTwoPaymentIntents() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa_chargeDeclined");
    long invoiceId = merchant.createInvoice(customerId, List.of(4_400L)).path("id").asLong();
    InvoicePaymentWorkflow workflow = merchant.workflow(invoiceId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(workflow::status, s -> s.state() == InvoiceState.RETRY_SCHEDULED);

    // The agent retries with a card the customer gave on the phone.
    AttemptView retry =
        workflow.chargeNow(new ChargeNow("pm_card_visa", null, ChargeNow.ChargeSource.AGENT));

    assertThat(retry.outcome()).isEqualTo(PaymentOutcome.SUCCEEDED);
    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("attempts")).hasSize(2);
    assertThat(read.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");
    assertThat(read.path("attempts").get(1).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(read.path("payments")).hasSize(1);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(2);
  }

  @Test
  void threeDSecureCompletedByTheWebhookSignalEndsPaidAndIsFoundByStatusMeanwhile()
      throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    long invoiceId = merchant.createInvoice(customerId, List.of(9_100L)).path("id").asLong();
    InvoicePaymentWorkflow workflow = merchant.workflow(invoiceId);
    // What the API shows is what the workflow wrote: wait (bounded) for it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> merchant.readInvoice(invoiceId).path("status").asText(),
            "REQUIRES_ACTION"::equals);
    assertThat(workflow.status().state()).isEqualTo(InvoiceState.REQUIRES_ACTION);

    // An operator's question in the Temporal UI: which of this merchant's invoices wait on a
    // customer? Visibility is eventually consistent, so wait (bounded) for it to see the run.
    String query =
        "SettleInvoiceStatus = 'REQUIRES_ACTION' AND SettleMerchantId = '" + merchant.id + "'";
    List<String> found =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> stack.workflowIdsMatching(query), ids -> !ids.isEmpty());
    assertThat(found).containsExactly("invoice-payment:" + invoiceId);

    // The customer authenticates; Stripe sends payment_intent.succeeded; the inbox signals.
    String paymentIntentId = workflow.status().attempts().get(0).paymentIntentId();
    stack.stripe().completeThreeDSecure(paymentIntentId);
    Event succeeded =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> eventFor(paymentIntentId, "payment_intent.succeeded"),
                event -> event != null);
    PaymentUpdate update =
        new PaymentUpdate(
            succeeded.getId(),
            paymentIntentId,
            PaymentUpdate.Kind.SUCCEEDED,
            9_100,
            null,
            null,
            null);
    workflow.paymentUpdated(update);
    workflow.paymentUpdated(update); // Stripe delivers at least once

    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("payments")).hasSize(1);
    assertThat(read.path("amountPaid").asLong()).isEqualTo(9_100);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  private Event eventFor(String paymentIntentId, String type) throws Exception {
    return merchant
        .stripe
        .v1()
        .events()
        .list(EventListParams.builder().setType(type).build())
        .getData()
        .stream()
        .filter(event -> event.getDataObjectDeserializer().getRawJson().contains(paymentIntentId))
        .findFirst()
        .orElse(null);
  }
}
