package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path once, over REST, on MariaDB, the Temporal dev server and the Stripe simulator: an
 * invoice with auto-pay on creation is charged by its workflow and ends PAID; a declined card ends
 * in a recorded failed attempt.
 */
class WalkingSkeletonIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;

  @BeforeEach
  void newMerchantWithItsOwnStripeAccount() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void anInvoiceWithAutopayOnCreationIsChargedOnceAndEndsPaid() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");

    JsonNode invoice = merchant.createInvoice(customerId, List.of(7_000L, 5_000L));
    long invoiceId = invoice.path("id").asLong();

    InvoiceState end = merchant.awaitEnd(invoiceId);
    assertThat(end).isEqualTo(InvoiceState.PAID);

    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("total").asLong()).isEqualTo(12_000);
    assertThat(read.path("amountPaid").asLong()).isEqualTo(12_000);
    assertThat(read.path("amountDue").asLong()).isZero();
    assertThat(read.path("attempts")).hasSize(1);
    JsonNode attempt = read.path("attempts").get(0);
    assertThat(attempt.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(read.path("payments")).hasSize(1);
    JsonNode payment = read.path("payments").get(0);
    assertThat(payment.path("amount").asLong()).isEqualTo(12_000);
    assertThat(payment.path("allocated").asLong()).isEqualTo(12_000);
    assertThat(payment.path("source").asText()).isEqualTo("AUTO");
    assertThat(payment.path("paymentIntentId").asText())
        .isEqualTo(attempt.path("paymentIntentId").asText())
        .startsWith("pi_");

    List<PaymentIntent> intents = merchant.intentsFor(invoiceId);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).getId()).isEqualTo(payment.path("paymentIntentId").asText());
    assertThat(intents.get(0).getStatus()).isEqualTo("succeeded");
    assertThat(intents.get(0).getAmount()).isEqualTo(12_000);
    assertThat(intents.get(0).getCurrency()).isEqualTo("usd");
    assertThat(intents.get(0).getMetadata().get("settle_idempotency_key"))
        .startsWith("settle-inv_")
        .endsWith("-attempt-1");
  }

  @Test
  void aDeclinedCardIsARecordedFailedAttemptAndDunningSchedulesTheRetry() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa_chargeDeclined");

    long invoiceId = merchant.createInvoice(customerId, List.of(4_200L)).path("id").asLong();

    InvoicePaymentWorkflow workflow =
        stack
            .workflowClient()
            .newWorkflowStub(InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId));
    // After a decline the workflow waits a day for its first dunning retry, so there is no result
    // to wait on: wait (bounded) until its one attempt has an outcome, then assert on the records.
    JsonNode read = merchant.awaitFirstAttemptOutcome(invoiceId);
    InvoicePaymentStatus status =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                workflow::status,
                s -> s.attempts().size() == 1 && s.state() == InvoiceState.RETRY_SCHEDULED);
    assertThat(status.attempts().get(0).declineCode()).isEqualTo("generic_decline");
    assertThat(status.nextActionAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));

    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("amountPaid").asLong()).isZero();
    assertThat(read.path("payments")).isEmpty();
    assertThat(read.path("attempts")).hasSize(1);
    JsonNode attempt = read.path("attempts").get(0);
    assertThat(attempt.path("status").asText()).isEqualTo("DECLINED");
    assertThat(attempt.path("errorCode").asText()).isEqualTo("card_declined");
    assertThat(attempt.path("declineCode").asText()).isEqualTo("generic_decline");
    assertThat(attempt.path("paymentIntentId").asText()).startsWith("pi_");

    List<PaymentIntent> intents = merchant.intentsFor(invoiceId);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  void sendingTheSameInvoiceTwiceMakesOneInvoiceAndOneCharge() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    Map<String, Object> body = TestMerchant.invoiceBody(customerId, List.of(9_900L));

    SettleHttp.Response first = api.post("/api/v1/invoices", merchant.adminKey, body);
    SettleHttp.Response again = api.post("/api/v1/invoices", merchant.adminKey, body);

    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    long invoiceId = first.body().path("id").asLong();
    assertThat(again.body().path("id").asLong()).isEqualTo(invoiceId);
    merchant.awaitEnd(invoiceId);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void theWorkflowAnswerNamesTheRunAndLinksItInTheTemporalUi() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.createInvoice(customerId, List.of(1_500L)).path("id").asLong();
    merchant.awaitEnd(invoiceId);

    JsonNode workflow =
        api.get("/api/v1/invoices/" + invoiceId + "/workflow", merchant.adminKey).body();

    String runId =
        stack
            .workflowClient()
            .newUntypedWorkflowStub("invoice-payment:" + invoiceId)
            .describe()
            .getExecution()
            .getRunId();
    assertThat(workflow.path("workflowId").asText()).isEqualTo("invoice-payment:" + invoiceId);
    assertThat(workflow.path("runId").asText()).isEqualTo(runId);
    assertThat(workflow.path("temporalUiUrl").asText())
        .isEqualTo(
            RealServices.temporalUiUrl()
                + "/namespaces/default/workflows/invoice-payment%3A"
                + invoiceId
                + "/"
                + runId
                + "/history");
    assertThat(workflow.path("state").asText()).isEqualTo("PAID");
  }

  @Test
  void bothAppsExposeTemporalAndBusinessMetrics() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.createInvoice(customerId, List.of(1_000L)).path("id").asLong();
    merchant.awaitEnd(invoiceId);

    // The SDK hands its counters to Micrometer on a reporting interval, not at once, and the
    // ledger counts settle_payment_attempts once its transaction commits: wait (bounded) for the
    // scrape that includes this run's succeeded attempt. Waiting for temporal_workflow_completed
    // alone was not enough: in the shared stack another test's run could already have put that one
    // there; and the two counters can land on either side of a scrape, so the scrape must hold
    // both.
    SettleHttp worker = new SettleHttp(stack.workerUrl());
    Pattern succeeded =
        Pattern.compile("settle_payment_attempts_total\\{[^}]*outcome=\"succeeded\"");
    String workerMetrics =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> worker.get("/actuator/prometheus", null),
                scrape ->
                    scrape.status() == 200
                        && succeeded.matcher(scrape.raw()).find()
                        && scrape.raw().contains("temporal_workflow_completed"))
            .raw();
    assertThat(workerMetrics)
        .contains("temporal_workflow_completed")
        .contains("temporal_activity_execution_latency");

    SettleHttp.Response apiScrape = api.get("/actuator/prometheus", null);
    assertThat(apiScrape.status()).isEqualTo(200);
    String apiMetrics = apiScrape.raw();
    assertThat(apiMetrics).contains("temporal_request").contains("settle_invoices_submitted_total");
  }

  @Test
  void aChargeStripeRefusesIsARecordedAttemptAndTheRunStaysOpen() throws Exception {
    // A Stripe customer id that does not exist in the merchant's account: Stripe answers
    // resource_missing, which no retry can fix and which charged nothing. The API refuses to map
    // to such an id, but a mapping can go stale (the customer deleted at Stripe later), so the
    // row is written as one would be left.
    long customerId =
        stack
            .apiBean(CustomerRepository.class)
            .insert(merchant.id, "Gone Ltd", null, "cus_doesnotexist", "pm_card_visa");

    long invoiceId = merchant.createInvoice(customerId, List.of(3_000L)).path("id").asLong();

    JsonNode read = merchant.awaitFirstAttemptOutcome(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");
    assertThat(read.path("attempts").get(0).path("errorCode").asText())
        .isEqualTo("resource_missing");
    assertThat(merchant.intentsFor(invoiceId)).isEmpty();
  }
}
