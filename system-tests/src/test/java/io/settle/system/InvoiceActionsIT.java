package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The invoice actions over REST on the real stack (MariaDB, the Temporal dev server, the Stripe
 * simulator), as a host app and its agents use them: charge now, money received outside Stripe, a
 * change, a void, and the listing.
 */
class InvoiceActionsIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void anAgentsPartialChargeAndAWireForTheRestPayTheInvoiceWhichThenRefusesCharges()
      throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = awaitingAPerson(customerId, 12_000);

    SettleHttp.Response charge =
        api.post(
            "/api/v1/invoices/" + invoiceId + "/charge",
            merchant.adminKey,
            Map.of("amount", 5_000));

    assertThat(charge.status()).as(charge.raw()).isEqualTo(200);
    assertThat(charge.body().path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(charge.body().path("amount").asLong()).isEqualTo(5_000);
    assertThat(charge.body().path("paymentIntentId").asText()).startsWith("pi_");
    JsonNode partly = awaitStatus(invoiceId, "PARTIALLY_PAID");
    assertThat(partly.path("amountPaid").asLong()).isEqualTo(5_000);
    assertThat(partly.path("amountDue").asLong()).isEqualTo(7_000);

    // More than is owed is never refused: what the invoice does not owe is the customer's credit.
    Map<String, Object> wire = Map.of("reference", "WIRE-7500", "amount", 7_500, "method", "WIRE");
    SettleHttp.Response received =
        api.post("/api/v1/invoices/" + invoiceId + "/external-payments", merchant.adminKey, wire);
    assertThat(received.status()).as(received.raw()).isEqualTo(202);

    JsonNode paid = awaitStatus(invoiceId, "PAID");
    assertThat(paid.path("amountPaid").asLong()).isEqualTo(12_000);
    JsonNode credit =
        api.get("/api/v1/customers/" + customerId + "/credit", merchant.adminKey).body();
    assertThat(credit.path("balances").get(0).path("amount").asLong()).isEqualTo(500);
    assertThat(paid.path("payments")).hasSize(2);
    assertThat(paid.path("payments").findValuesAsText("source")).contains("EXTERNAL");

    SettleHttp.Response again =
        api.post("/api/v1/invoices/" + invoiceId + "/charge", merchant.adminKey, Map.of());
    assertThat(again.status()).as(again.raw()).isEqualTo(409);
    assertThat(again.body().path("type").asText()).isEqualTo("urn:settle:problem:conflict");
    assertThat(again.body().path("detail").asText()).contains("PAID");
  }

  @Test
  void chargingACustomerWithoutAPaymentMethodIsRefusedUpFrontAndRecordsNoAttempt()
      throws Exception {
    SettleHttp.Response created =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "No Card Ltd", "email", "ap@nocard.test"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long invoiceId = awaitingAPerson(created.body().path("id").asLong(), 4_000);

    SettleHttp.Response charge =
        api.post("/api/v1/invoices/" + invoiceId + "/charge", merchant.adminKey, Map.of());

    assertThat(charge.status()).as(charge.raw()).isEqualTo(422);
    assertThat(charge.body().path("errors").get(0).path("field").asText())
        .isEqualTo("paymentMethodId");
    assertThat(merchant.readInvoice(invoiceId).path("attempts")).isEmpty();
  }

  @Test
  void aDeclinedInvoiceIsVoidedAndTakesNothingMore() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa_chargeDeclined");
    long invoiceId = merchant.createInvoice(customerId, List.of(4_400L)).path("id").asLong();
    JsonNode declined = merchant.awaitFirstAttemptOutcome(invoiceId);
    assertThat(declined.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");

    SettleHttp.Response voided =
        api.post(
            "/api/v1/invoices/" + invoiceId + "/void",
            merchant.adminKey,
            Map.of("reason", "customer disputes the work"));

    assertThat(voided.status()).as(voided.raw()).isEqualTo(202);
    awaitStatus(invoiceId, "VOID");
    SettleHttp.Response wire =
        api.post(
            "/api/v1/invoices/" + invoiceId + "/external-payments",
            merchant.adminKey,
            Map.of("reference", "WIRE-1", "amount", 4_400, "method", "WIRE"));
    assertThat(wire.status()).as(wire.raw()).isEqualTo(409);
  }

  @Test
  void aChangedTotalAndDueDateReachTheRecord() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = awaitingAPerson(customerId, 10_000);
    LocalDate dueDate = LocalDate.now().plusDays(30);

    SettleHttp.Response changed =
        api.patch(
            "/api/v1/invoices/" + invoiceId,
            merchant.adminKey,
            Map.of("total", 8_000, "dueDate", dueDate.toString()));

    assertThat(changed.status()).as(changed.raw()).isEqualTo(202);
    JsonNode read =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> merchant.readInvoice(invoiceId), i -> i.path("total").asLong() == 8_000);
    assertThat(read.path("dueDate").asText()).isEqualTo(dueDate.toString());
    assertThat(read.path("lines").findValuesAsText("kind")).contains("ADJUSTMENT");
    SettleHttp.Response empty =
        api.patch("/api/v1/invoices/" + invoiceId, merchant.adminKey, Map.of());
    assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
  }

  @Test
  void theListingFindsPaidInvoicesOnePageAtATime() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long first = merchant.createInvoice(customerId, List.of(1_100L)).path("id").asLong();
    long second = merchant.createInvoice(customerId, List.of(2_200L)).path("id").asLong();
    long open = awaitingAPerson(customerId, 3_300);
    awaitStatus(first, "PAID");
    awaitStatus(second, "PAID");

    SettleHttp.Response page1 = list("?status=PAID&limit=1");
    assertThat(page1.status()).as(page1.raw()).isEqualTo(200);
    assertThat(ids(page1)).containsExactly(second);
    String cursor = page1.body().path("nextCursor").asText();
    assertThat(cursor).isNotBlank();

    SettleHttp.Response page2 = list("?status=PAID&limit=1&cursor=" + cursor);
    assertThat(page2.status()).as(page2.raw()).isEqualTo(200);
    assertThat(ids(page2)).containsExactly(first);
    assertThat(page2.body().path("nextCursor").isNull()).isTrue();

    assertThat(ids(list("?customerId=" + customerId))).containsExactly(open, second, first);
    assertThat(ids(list("?status=OPEN"))).containsExactly(open);
    assertThat(list("?limit=0").status()).isEqualTo(400);

    TestMerchant other = TestMerchant.connect(stack);
    SettleHttp.Response theirs = api.get("/api/v1/invoices?status=PAID", other.adminKey);
    assertThat(ids(theirs)).isEmpty();
  }

  @Test
  void aChargeWhileTheCustomerAuthenticatesIsRefusedAsBusyNotAnError() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    long invoiceId = merchant.createInvoice(customerId, List.of(3_300L)).path("id").asLong();
    awaitStatus(invoiceId, "REQUIRES_ACTION");

    SettleHttp.Response second =
        api.post("/api/v1/invoices/" + invoiceId + "/charge", merchant.adminKey, Map.of());

    // The workflow's validator refuses it; its kind must reach the API (a Temporal SDK before
    // 1.39 lost it, and the API answered 500).
    assertThat(second.status()).as(second.raw()).isEqualTo(409);
    assertThat(second.body().path("detail").asText()).contains("authenticate");
    assertThat(merchant.readInvoice(invoiceId).path("attempts")).hasSize(1);
  }

  @Test
  void aCurrencyStripeDoesNotChargeIsRefusedOnItsFieldAndNothingIsWritten() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customerId, List.of(1_000L)));
    body.put("currency", "XYZ");

    SettleHttp.Response refused = api.post("/api/v1/invoices", merchant.adminKey, body);

    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.body().path("errors").findValuesAsText("field")).containsExactly("currency");
    assertThat(ids(list("?customerId=" + customerId))).isEmpty();

    SettleHttp.Response settings =
        api.put(
            "/api/v1/merchants/me/settings",
            merchant.adminKey,
            Map.of(
                "settlementCurrency",
                "XYZ",
                "autopay",
                Map.of("enabled", true, "timing", "ON_CREATION"),
                "importPaymentMethodTypes",
                List.of("card"),
                "agentPaymentMethodTypes",
                List.of("card"),
                "customerSync",
                Map.of("mode", "OFF", "fields", List.of()),
                "portalPaymentMethods",
                "HIDE",
                "notifications",
                Map.of("notifyOn", "ALL", "stripeSendsReceipts", false)));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(400);
    assertThat(settings.body().path("errors").findValuesAsText("field"))
        .containsExactly("settlementCurrency");
  }

  /** An invoice with auto-pay off, once its workflow runs: it waits for a person to collect it. */
  private long awaitingAPerson(long customerId, long amount) {
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customerId, List.of(amount)));
    body.put("autopay", "OFF");
    long invoiceId = merchant.createInvoice(body).path("id").asLong();
    // The workflow takes a person's request once its run has begun and knows the invoice.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.get("/api/v1/invoices/" + invoiceId + "/workflow", merchant.adminKey),
            r -> r.status() == 200 && r.body().path("total").asLong() == amount);
    return invoiceId;
  }

  // What the API shows is what the workflow wrote a moment after deciding: wait (bounded) for it.
  private JsonNode awaitStatus(long invoiceId, String status) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> merchant.readInvoice(invoiceId),
            invoice -> status.equals(invoice.path("status").asText()));
  }

  private SettleHttp.Response list(String query) {
    return api.get("/api/v1/invoices" + query, merchant.adminKey);
  }

  private static List<Long> ids(SettleHttp.Response page) {
    List<Long> ids = new ArrayList<>();
    page.body().path("data").forEach(invoice -> ids.add(invoice.path("id").asLong()));
    return ids;
  }
}
