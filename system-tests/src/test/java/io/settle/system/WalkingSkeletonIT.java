package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

  private String stripeKey;
  private String adminKey;
  private StripeClient stripe;

  @BeforeEach
  void newMerchantWithItsOwnStripeAccount() {
    // A fresh key is a fresh simulated Stripe account, so tests never see each other's objects.
    stripeKey =
        "sk_test_"
            + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 24);
    stripe =
        StripeClient.builder().setApiKey(stripeKey).setApiBase(stack.stripe().baseUrl()).build();
    SettleHttp.Response merchant =
        api.post(
            "/api/v1/merchants",
            stack.bootstrapToken(),
            Map.of(
                "name", "Acme Billing",
                "defaultCurrency", "USD",
                "autopay", "ON_CREATION",
                "stripe", Map.of("secretKey", stripeKey, "publishableKey", "pk_test_acme1234")));
    assertThat(merchant.status()).as(merchant.raw()).isEqualTo(201);
    assertThat(merchant.raw()).doesNotContain(stripeKey);
    adminKey = merchant.body().path("adminApiKey").asText();
  }

  @Test
  void anInvoiceWithAutopayOnCreationIsChargedOnceAndEndsPaid() throws Exception {
    long customerId = customerPayingWith("pm_card_visa");

    JsonNode invoice = createInvoice(customerId, List.of(7_000L, 5_000L));
    long invoiceId = invoice.path("id").asLong();

    InvoiceState end =
        stack
            .workflowClient()
            .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
            .getResult(60, TimeUnit.SECONDS, InvoiceState.class);
    assertThat(end).isEqualTo(InvoiceState.PAID);

    JsonNode read = api.get("/api/v1/invoices/" + invoiceId, adminKey).body();
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

    List<PaymentIntent> intents = intentsFor(invoiceId);
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
  void aDeclinedCardEndsInARecordedFailedAttemptAndTheInvoiceStaysOpen() throws Exception {
    long customerId = customerPayingWith("pm_card_visa_chargeDeclined");

    long invoiceId = createInvoice(customerId, List.of(4_200L)).path("id").asLong();

    InvoicePaymentWorkflow workflow =
        stack
            .workflowClient()
            .newWorkflowStub(InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId));
    // The workflow waits for someone to act after a decline, so there is no result to wait on:
    // wait (bounded) until its one attempt has an outcome, then assert on the records.
    InvoicePaymentStatus status =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                workflow::status, s -> s.attempts().size() == 1 && s.state() == InvoiceState.OPEN);
    assertThat(status.attempts().get(0).declineCode()).isEqualTo("generic_decline");

    JsonNode read = api.get("/api/v1/invoices/" + invoiceId, adminKey).body();
    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("amountPaid").asLong()).isZero();
    assertThat(read.path("payments")).isEmpty();
    assertThat(read.path("attempts")).hasSize(1);
    JsonNode attempt = read.path("attempts").get(0);
    assertThat(attempt.path("status").asText()).isEqualTo("DECLINED");
    assertThat(attempt.path("errorCode").asText()).isEqualTo("card_declined");
    assertThat(attempt.path("declineCode").asText()).isEqualTo("generic_decline");
    assertThat(attempt.path("paymentIntentId").asText()).startsWith("pi_");

    List<PaymentIntent> intents = intentsFor(invoiceId);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  void sendingTheSameInvoiceTwiceMakesOneInvoiceAndOneCharge() throws Exception {
    long customerId = customerPayingWith("pm_card_visa");
    Map<String, Object> body = invoiceBody(customerId, List.of(9_900L));

    SettleHttp.Response first = api.post("/api/v1/invoices", adminKey, body);
    SettleHttp.Response again = api.post("/api/v1/invoices", adminKey, body);

    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    long invoiceId = first.body().path("id").asLong();
    assertThat(again.body().path("id").asLong()).isEqualTo(invoiceId);
    stack
        .workflowClient()
        .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
        .getResult(60, TimeUnit.SECONDS, InvoiceState.class);
    assertThat(intentsFor(invoiceId)).hasSize(1);
  }

  @Test
  void bothAppsExposeTemporalAndBusinessMetrics() throws Exception {
    long customerId = customerPayingWith("pm_card_visa");
    long invoiceId = createInvoice(customerId, List.of(1_000L)).path("id").asLong();
    stack
        .workflowClient()
        .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
        .getResult(60, TimeUnit.SECONDS, InvoiceState.class);

    // The SDK hands its counters to Micrometer on a reporting interval, not at once: wait (bounded)
    // for the scrape that includes this run, then assert on it.
    SettleHttp worker = new SettleHttp(stack.workerUrl());
    String workerMetrics =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> worker.get("/actuator/prometheus", null),
                scrape ->
                    scrape.status() == 200 && scrape.raw().contains("temporal_workflow_completed"))
            .raw();
    assertThat(workerMetrics).contains("temporal_activity_execution_latency");
    assertThat(workerMetrics)
        .containsPattern("settle_payment_attempts_total\\{[^}]*outcome=\"succeeded\"");

    SettleHttp.Response apiScrape = api.get("/actuator/prometheus", null);
    assertThat(apiScrape.status()).isEqualTo(200);
    String apiMetrics = apiScrape.raw();
    assertThat(apiMetrics).contains("temporal_request").contains("settle_invoices_submitted_total");
  }

  @Test
  void aChargeStripeRefusesIsARecordedAttemptAndTheRunStaysOpen() throws Exception {
    // A Stripe customer id that does not exist in the merchant's account: Stripe answers
    // resource_missing, which no retry can fix and which charged nothing.
    long customerId = customerMappedTo("cus_doesnotexist", "pm_card_visa");

    long invoiceId = createInvoice(customerId, List.of(3_000L)).path("id").asLong();

    InvoicePaymentWorkflow workflow =
        stack
            .workflowClient()
            .newWorkflowStub(InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId));
    await().atMost(Duration.ofSeconds(60)).until(workflow::status, s -> s.attempts().size() == 1);
    JsonNode read = api.get("/api/v1/invoices/" + invoiceId, adminKey).body();
    assertThat(read.path("status").asText()).isEqualTo("OPEN");
    assertThat(read.path("attempts")).hasSize(1);
    assertThat(read.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");
    assertThat(read.path("attempts").get(0).path("errorCode").asText())
        .isEqualTo("resource_missing");
    assertThat(intentsFor(invoiceId)).isEmpty();
  }

  private long customerPayingWith(String paymentMethod) throws Exception {
    String stripeCustomer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
            .getId();
    return customerMappedTo(stripeCustomer, paymentMethod);
  }

  private long customerMappedTo(String stripeCustomer, String paymentMethod) {
    SettleHttp.Response customer =
        api.post(
            "/api/v1/customers",
            adminKey,
            Map.of(
                "name",
                "Acme Ltd",
                "email",
                "accounts@acme.test",
                "stripeCustomerId",
                stripeCustomer,
                "defaultPaymentMethodId",
                paymentMethod));
    assertThat(customer.status()).as(customer.raw()).isEqualTo(201);
    return customer.body().path("id").asLong();
  }

  private JsonNode createInvoice(long customerId, List<Long> lineAmounts) {
    SettleHttp.Response invoice =
        api.post("/api/v1/invoices", adminKey, invoiceBody(customerId, lineAmounts));
    assertThat(invoice.status()).as(invoice.raw()).isEqualTo(201);
    return invoice.body();
  }

  private static Map<String, Object> invoiceBody(long customerId, List<Long> lineAmounts) {
    return Map.of(
        "number",
        "INV-" + UUID.randomUUID().toString().substring(0, 8),
        "customerId",
        customerId,
        "currency",
        "USD",
        "dueDate",
        LocalDate.now().plusDays(14).toString(),
        "autopay",
        "ON_CREATION",
        "lines",
        lineAmounts.stream()
            .map(amount -> Map.<String, Object>of("description", "Consulting", "amount", amount))
            .toList());
  }

  private List<PaymentIntent> intentsFor(long invoiceId) throws Exception {
    StripeSearchResult<PaymentIntent> found =
        stripe
            .v1()
            .paymentIntents()
            .search(
                PaymentIntentSearchParams.builder()
                    .setQuery("metadata['settle_invoice_id']:'" + invoiceId + "'")
                    .build());
    return found.getData();
  }
}
