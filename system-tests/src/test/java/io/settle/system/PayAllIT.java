package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer paying several invoices with one payment, and paying through a payment link, on the
 * real stack, driven only over HTTP (the customer's side of Stripe is the simulator's, as Stripe.js
 * and the Checkout page would be). Stripe's webhooks reach Settle's inbox signed, as in production.
 */
class PayAllIT {

  private final SettleStack stack = SettleStack.get();
  private final HttpClient browser = HttpClient.newHttpClient(); // never follows redirects
  private SettleHttp api;
  private TestMerchant merchant;

  @BeforeEach
  void aMerchantWhoseStripeAccountSendsWebhooksToSettle() {
    api = new SettleHttp(stack.apiUrl());
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
  }

  @Test
  void payAllPaysThreeInvoicesWithOnePaymentAllocatedToEach() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long other = merchant.customerPayingWith("pm_card_visa");
    List<Long> invoices =
        List.of(
            merchant.invoiceForAPerson(customer, 1_000),
            merchant.invoiceForAPerson(customer, 2_500),
            merchant.invoiceForAPerson(customer, 4_200));
    long notTheirs = merchant.invoiceForAPerson(other, 700);
    String portal = portalKey(customer);

    SettleHttp.Response paid = api.post("/api/v1/portal/payments", portal, Map.of());

    assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
    assertThat(paid.body().path("stage").asText()).isEqualTo("SUCCEEDED");
    assertThat(paid.body().path("amount").asLong()).isEqualTo(7_700);
    assertThat(paid.body().path("invoices").findValuesAsText("invoiceId"))
        .containsExactlyInAnyOrderElementsOf(invoices.stream().map(String::valueOf).toList());
    String paymentIntent = paid.body().path("paymentIntentId").asText();
    for (long invoice : invoices) {
      assertThat(merchant.awaitStatus(invoice, "PAID").path("amountPaid").asLong())
          .isEqualTo(amountOf(invoice));
    }
    assertThat(merchant.readInvoice(notTheirs).path("status").asText()).isEqualTo("OPEN");

    // One PaymentIntent at Stripe, for the sum; one payment in Settle, allocated to each invoice.
    List<PaymentIntent> intents = merchant.paymentIntents();
    assertThat(intents).extracting(PaymentIntent::getId).containsExactly(paymentIntent);
    assertThat(intents.getFirst().getAmountReceived()).isEqualTo(7_700);
    JsonNode payments =
        api.get("/api/v1/payments?customerId=" + customer, merchant.adminKey).body();
    assertThat(payments.path("data")).hasSize(1);
    JsonNode payment = payments.path("data").get(0);
    assertThat(payment.path("source").asText()).isEqualTo("PORTAL");
    assertThat(payment.path("amount").asLong()).isEqualTo(7_700);
    assertThat(payment.path("allocations").findValuesAsText("amount"))
        .containsExactlyInAnyOrder("1000", "2500", "4200");
    SettleHttp.Response asPortal =
        api.get("/api/v1/payments/" + payment.path("id").asLong(), portal);
    assertThat(asPortal.status()).as(asPortal.raw()).isEqualTo(200);

    // Operators see it in the worker's metrics (reported on an interval: a bounded wait).
    SettleHttp worker = new SettleHttp(stack.workerUrl());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> worker.get("/actuator/prometheus", null).raw(),
            scrape ->
                scrape.contains("settle_pay_all_payments_total{")
                    && scrape.matches(
                        "(?s).*settle_pay_all_payments_total\\{[^}]*outcome=\"succeeded\".*"));

    // Paying again finds nothing outstanding, and charges nothing.
    SettleHttp.Response again = api.post("/api/v1/portal/payments", portal, Map.of());
    assertThat(again.status()).as(again.raw()).isEqualTo(409);
    assertThat(merchant.paymentIntents()).hasSize(1);
  }

  @Test
  void anInvoiceWithAPaymentUnderWayRefusesThePayAllAndTheOthersAreReleased() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long free = merchant.invoiceForAPerson(customer, 1_500);
    long waiting = merchant.invoiceForAPerson(customer, 2_000);
    // The agent's charge with a card that needs the customer's authentication leaves it waiting.
    SettleHttp.Response charge =
        api.post(
            "/api/v1/invoices/" + waiting + "/charge",
            merchant.adminKey,
            Map.of("paymentMethodId", "pm_card_threeDSecure2Required"));
    assertThat(charge.status()).as(charge.raw()).isEqualTo(200);
    merchant.awaitStatus(waiting, "REQUIRES_ACTION");
    int intentsBefore = merchant.paymentIntents().size();

    SettleHttp.Response refused =
        api.post(
            "/api/v1/portal/payments",
            portalKey(customer),
            Map.of("invoiceIds", List.of(free, waiting)));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(201);
    assertThat(refused.body().path("stage").asText()).isEqualTo("FAILED");
    assertThat(refused.body().path("errorCode").asText()).isEqualTo("invoice_not_payable");
    assertThat(merchant.paymentIntents()).hasSize(intentsBefore);
    // Released: once its workflow has applied the release, the free invoice can be paid alone.
    merchant.awaitStatus(free, "OPEN");
    SettleHttp.Response alone =
        api.post(
            "/api/v1/portal/payments", portalKey(customer), Map.of("invoiceIds", List.of(free)));
    assertThat(alone.body().path("stage").asText()).as(alone.raw()).isEqualTo("SUCCEEDED");
    merchant.awaitStatus(free, "PAID");
  }

  @Test
  void payingWithNewDetailsWaitsForTheCustomerThenSettlesFromStripesWebhook() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long first = merchant.invoiceForAPerson(customer, 1_200);
    long second = merchant.invoiceForAPerson(customer, 3_400);

    SettleHttp.Response started =
        api.post("/api/v1/portal/payments", portalKey(customer), Map.of("newPaymentMethod", true));

    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    assertThat(started.body().path("stage").asText()).isEqualTo("AWAITING_CUSTOMER");
    assertThat(started.body().path("clientSecret").asText()).contains("_secret_");
    assertThat(merchant.readInvoice(first).path("status").asText()).isEqualTo("PROCESSING");

    // Stripe.js confirms the PaymentIntent with the card the customer typed in.
    merchant
        .stripe
        .v1()
        .paymentIntents()
        .confirm(
            started.body().path("paymentIntentId").asText(),
            PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

    merchant.awaitStatus(first, "PAID");
    merchant.awaitStatus(second, "PAID");
    // The invoices show PAID as the payment is recorded; the payment ends a moment later.
    String portal = portalKey(customer);
    JsonNode after =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    api.get("/api/v1/portal/payments/" + started.body().path("id").asText(), portal)
                        .body(),
                payment -> !"AWAITING_CUSTOMER".equals(payment.path("stage").asText()));
    assertThat(after.path("stage").asText()).as(after.toString()).isEqualTo("SUCCEEDED");
    assertThat(after.path("clientSecret").isNull()).isTrue();
  }

  @Test
  void aSavedCardThatAsksFor3DSecureIsAuthenticatedInThePortalAndPays() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    long first = merchant.invoiceForAPerson(customer, 2_200);
    long second = merchant.invoiceForAPerson(customer, 800);

    SettleHttp.Response started =
        api.post("/api/v1/portal/payments", portalKey(customer), Map.of());

    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    assertThat(started.body().path("stage").asText()).isEqualTo("AWAITING_CUSTOMER");
    assertThat(started.body().path("clientSecret").asText()).contains("_secret_");
    stack.stripe().completeThreeDSecure(started.body().path("paymentIntentId").asText());

    merchant.awaitStatus(first, "PAID");
    merchant.awaitStatus(second, "PAID");
    assertThat(merchant.paymentIntents()).hasSize(1);
  }

  @Test
  void aPaymentLinkOpensACheckoutPageAndTheCompletedPagePaysTheInvoice() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoice = merchant.invoiceForAPerson(customer, 5_600);
    SettleHttp.Response link =
        api.get("/api/v1/invoices/" + invoice + "/payment-link", merchant.adminKey);
    assertThat(link.status()).as(link.raw()).isEqualTo(200);
    String url = link.body().path("url").asText();
    // The link leads to this API, which listens on a random port, not on a default 8080.
    assertThat(URI.create(url).getPort()).isEqualTo(URI.create(stack.apiUrl()).getPort());
    String path = URI.create(url).getPath();

    HttpResponse<String> opened = open(path);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(303);
    String checkoutUrl = opened.headers().firstValue("Location").orElseThrow();
    // A second opening while the page is open goes to the same page.
    assertThat(open(path).headers().firstValue("Location")).contains(checkoutUrl);

    String sessionId = checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
    stack.stripe().completeCheckout(sessionId, "pm_card_visa");

    JsonNode paid = merchant.awaitStatus(invoice, "PAID");
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(paid.path("payments").get(0).path("source").asText()).isEqualTo("LINK");
    assertThat(merchant.paymentIntents()).hasSize(1);
    HttpResponse<String> afterwards = open(path);
    assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(409);
  }

  @Test
  void anAgentChargeOnAnOpenedLinkExpiresItsPageAndCharges() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoice = merchant.invoiceForAPerson(customer, 4_700);
    String sessionId = openedCheckoutSession(invoice);

    SettleHttp.Response charged =
        api.post("/api/v1/invoices/" + invoice + "/charge", merchant.adminKey, Map.of());

    assertThat(charged.status()).as(charged.raw()).isEqualTo(200);
    assertThat(charged.body().path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(merchant.stripe.v1().checkout().sessions().retrieve(sessionId).getStatus())
        .as("the customer's page can no longer pay")
        .isEqualTo("expired");
    JsonNode paid = merchant.awaitStatus(invoice, "PAID");
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(merchant.paymentIntents()).as("charged once").hasSize(1);
  }

  @Test
  void aVoidOnAnOpenedLinkExpiresItsPageAndVoids() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoice = merchant.invoiceForAPerson(customer, 4_800);
    String sessionId = openedCheckoutSession(invoice);

    SettleHttp.Response voided =
        api.post("/api/v1/invoices/" + invoice + "/void", merchant.adminKey, Map.of());

    assertThat(voided.status()).as(voided.raw()).isEqualTo(202);
    merchant.awaitStatus(invoice, "VOID");
    assertThat(merchant.stripe.v1().checkout().sessions().retrieve(sessionId).getStatus())
        .isEqualTo("expired");
  }

  @Test
  void aLinkThePageAlreadyPaidRefusesTheAgentsChargeAndNothingIsChargedTwice() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long invoice = merchant.invoiceForAPerson(customer, 4_900);
    String sessionId = openedCheckoutSession(invoice);
    stack.stripe().completeCheckout(sessionId, "pm_card_visa");

    SettleHttp.Response charged =
        api.post("/api/v1/invoices/" + invoice + "/charge", merchant.adminKey, Map.of());

    assertThat(charged.status()).as(charged.raw()).isEqualTo(409);
    JsonNode paid = merchant.awaitStatus(invoice, "PAID");
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(merchant.paymentIntents()).as("charged once").hasSize(1);
  }

  /** Opens the invoice's payment link as a customer's browser would: its Checkout Session id. */
  private String openedCheckoutSession(long invoice) throws Exception {
    SettleHttp.Response link =
        api.get("/api/v1/invoices/" + invoice + "/payment-link", merchant.adminKey);
    assertThat(link.status()).as(link.raw()).isEqualTo(200);
    HttpResponse<String> opened = open(URI.create(link.body().path("url").asText()).getPath());
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(303);
    String checkoutUrl = opened.headers().firstValue("Location").orElseThrow();
    return checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
  }

  @Test
  void aZeroTotalInvoiceHasNoPaymentLink() {
    long customer = merchantCustomer();
    long invoice = merchant.invoiceForAPerson(customer, 0);
    SettleHttp.Response link =
        api.get("/api/v1/invoices/" + invoice + "/payment-link", merchant.adminKey);
    assertThat(link.status()).as(link.raw()).isEqualTo(409);
    assertThat(link.body().path("type").asText()).isEqualTo("urn:settle:problem:conflict");
  }

  private long merchantCustomer() {
    try {
      return merchant.customerPayingWith("pm_card_visa");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long amountOf(long invoiceId) {
    return merchant.readInvoice(invoiceId).path("total").asLong();
  }

  private String portalKey(long customerId) {
    return merchant
        .issueKey(Map.of("role", "PORTAL", "customerId", customerId))
        .path("key")
        .asText();
  }

  private HttpResponse<String> open(String path) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
