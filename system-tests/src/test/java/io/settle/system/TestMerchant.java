package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceState;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A merchant of its own, connected over REST to a fresh simulated Stripe account (a fresh key is a
 * fresh account), so tests never see each other's objects. Drives Settle as a host app would and
 * looks at Stripe as the merchant's dashboard would.
 */
public final class TestMerchant {

  public final long id;
  public final String stripeKey;
  public final String adminKey;
  final StripeClient stripe;
  private final String apiUrl;
  private final Supplier<WorkflowClient> workflows;
  private final SettleHttp api;

  private TestMerchant(Settle settle, SettleHttp api, long id, String stripeKey, String adminKey) {
    this.id = id;
    this.apiUrl = settle.apiUrl();
    this.workflows = settle.workflows();
    this.api = api;
    this.stripeKey = stripeKey;
    this.adminKey = adminKey;
    this.stripe =
        StripeClient.builder().setApiKey(stripeKey).setApiBase(settle.stripeApiBase()).build();
  }

  /**
   * Where a Settle runs, for a merchant of its own: the in-process stack of the system tests, or
   * the processes {@code bin/bench} starts.
   */
  public record Settle(
      String apiUrl,
      String bootstrapToken,
      String stripeApiBase,
      Supplier<WorkflowClient> workflows) {}

  static TestMerchant connect(SettleStack stack) {
    return connect(
        new Settle(
            stack.apiUrl(),
            stack.bootstrapToken(),
            stack.stripe().baseUrl(),
            stack::workflowClient));
  }

  public static TestMerchant connect(Settle stack) {
    SettleHttp api = new SettleHttp(stack.apiUrl());
    String stripeKey =
        "sk_test_"
            + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 24);
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
    return new TestMerchant(
        stack,
        api,
        merchant.body().path("merchant").path("id").asLong(),
        stripeKey,
        merchant.body().path("adminApiKey").asText());
  }

  /**
   * Has Settle register its webhook inbox with the merchant's Stripe account, over the API as an
   * admin would: from then on the simulator signs and POSTs the account's events to Settle.
   */
  void receivesWebhooks() {
    SettleHttp.Response endpoint =
        api.put(
            "/api/v1/merchants/me/webhook-endpoint",
            adminKey,
            Map.of("url", apiUrl + "/webhooks/stripe/" + id));
    assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
  }

  /** A Stripe customer in the merchant's account, mapped to a Settle customer paying with it. */
  public long customerPayingWith(String paymentMethod) throws StripeException {
    String stripeCustomer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
            .getId();
    return customerMappedTo(stripeCustomer, paymentMethod);
  }

  long customerMappedTo(String stripeCustomer, String paymentMethod) {
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

  JsonNode createInvoice(long customerId, List<Long> lineAmounts) {
    return createInvoice(invoiceBody(customerId, lineAmounts));
  }

  public JsonNode createInvoice(Map<String, Object> body) {
    SettleHttp.Response invoice = api.post("/api/v1/invoices", adminKey, body);
    assertThat(invoice.status()).as(invoice.raw()).isEqualTo(201);
    return invoice.body();
  }

  /** A new invoice (a number of its own) with auto-pay on creation. */
  static Map<String, Object> invoiceBody(long customerId, List<Long> lineAmounts) {
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

  JsonNode readInvoice(long invoiceId) {
    return api.get("/api/v1/invoices/" + invoiceId, adminKey).body();
  }

  /** A new invoice with auto-pay off: it stays open until someone pays or charges it. */
  long invoiceForAPerson(long customerId, long amount) {
    Map<String, Object> body = new java.util.HashMap<>(invoiceBody(customerId, List.of(amount)));
    body.put("autopay", "OFF");
    return createInvoice(body).path("id").asLong();
  }

  /** The invoice as the API shows it once its status is {@code status}. */
  JsonNode awaitStatus(long invoiceId, String status) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> readInvoice(invoiceId),
            invoice -> status.equals(invoice.path("status").asText()));
  }

  /**
   * The invoice as the API shows it, once its first attempt has an outcome: the records are what a
   * host app reads, and the workflow writes them a moment after it decides.
   */
  JsonNode awaitFirstAttemptOutcome(long invoiceId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> readInvoice(invoiceId),
            invoice ->
                invoice.path("attempts").size() == 1
                    && !"PENDING".equals(invoice.path("attempts").get(0).path("status").asText()));
  }

  /** The invoice's workflow, to signal, update or query as the API and the webhook inbox do. */
  InvoicePaymentWorkflow workflow(long invoiceId) {
    return workflows
        .get()
        .newWorkflowStub(InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId));
  }

  /** The state the invoice's workflow ended in; for invoices whose run ends (paid ones). */
  InvoiceState awaitEnd(long invoiceId) throws Exception {
    return workflows
        .get()
        .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
        .getResult(60, TimeUnit.SECONDS, InvoiceState.class);
  }

  /** The PaymentIntents Stripe holds for an invoice, found as an operator would: by metadata. */
  List<PaymentIntent> intentsFor(long invoiceId) throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .search(
            PaymentIntentSearchParams.builder()
                .setQuery("metadata['settle_invoice_id']:'" + invoiceId + "'")
                .build())
        .getData();
  }

  /** Every PaymentIntent in the merchant's Stripe account (the first 100). */
  List<PaymentIntent> paymentIntents() throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .list(PaymentIntentListParams.builder().setLimit(100L).build())
        .getData();
  }

  /** An API key the merchant's admin issues ({@code POST /api-keys}): the answer, key included. */
  JsonNode issueKey(Map<String, Object> request) {
    SettleHttp.Response issued = api.post("/api/v1/api-keys", adminKey, request);
    assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
    return issued.body();
  }
}
