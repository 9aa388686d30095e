package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A merchant whose Stripe key stops working (rolled in the dashboard) is not a customer whose card
 * declines: on the real stack, over HTTP, the invoice's collection pauses, the merchant is told and
 * the customer is not, and giving Settle the new key resumes collection at once.
 */
class MerchantStripeAccessIT {

  private final SettleStack stack = SettleStack.get();

  @Test
  void aRolledKeyPausesCollectionWithoutTellingTheCustomerAndTheNewKeyResumesIt() throws Exception {
    TestMerchant merchant = TestMerchant.connect(stack);
    long customer = merchant.customerPayingWith("pm_card_visa");
    String newKey =
        "sk_test_"
            + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 24);
    stack.stripe().revokeKey(merchant.stripeKey);

    long invoiceId = merchant.createInvoice(customer, List.of(4_200L)).path("id").asLong();

    JsonNode paused =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> workflowOf(merchant, invoiceId),
                status ->
                    !status.path("problem").isMissingNode() && !status.path("problem").isNull());
    assertThat(paused.path("problem").path("kind").asText()).isEqualTo("MERCHANT_STRIPE_ACCESS");
    assertThat(paused.path("state").asText()).isEqualTo("RETRY_SCHEDULED");
    JsonNode invoice = merchant.readInvoice(invoiceId);
    assertThat(invoice.path("attempts")).hasSize(1);
    assertThat(invoice.path("attempts").get(0).path("errorCode").asText())
        .isEqualTo("StripeAuthenticationFailure");
    // The notice is the pause's last step, a moment after the state the query shows.
    assertThat(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> notificationKinds(invoiceId), kinds -> !kinds.isEmpty()))
        .as("the merchant is told; the customer is not")
        .containsExactly("MERCHANT_STRIPE_ACCESS");

    // Operators find it in the Temporal UI by the same query Settle resumes with.
    String query =
        "SettleMerchantId = '" + merchant.id + "' AND SettleProblem = 'MERCHANT_STRIPE_ACCESS'";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stack.workflowClient().listExecutions(query).count() == 1);

    // The merchant rolls the key at Stripe and gives Settle the new one.
    stack.stripe().rollKey(merchant.stripeKey, newKey);
    SettleHttp.Response connected =
        new SettleHttp(stack.apiUrl())
            .put(
                "/api/v1/merchants/me/stripe",
                merchant.adminKey,
                Map.of("secretKey", newKey, "publishableKey", "pk_test_acme1234"));
    assertThat(connected.status()).as(connected.raw()).isEqualTo(200);

    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode paid = merchant.readInvoice(invoiceId);
    assertThat(paid.path("status").asText()).isEqualTo("PAID");
    assertThat(paid.path("attempts")).hasSize(2);
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> notificationKinds(invoiceId), kinds -> kinds.size() > 1))
        .containsExactly("MERCHANT_STRIPE_ACCESS", "PAID");
  }

  @Test
  void oneStripeAccountIsOneMerchantsUnlessItIsKnowinglyShared() throws Exception {
    SettleHttp api = new SettleHttp(stack.apiUrl());
    TestMerchant first = TestMerchant.connect(stack);
    long merchantsBefore = count("merchant");
    long keysBefore = count("api_key");

    SettleHttp.Response again =
        api.post("/api/v1/merchants", stack.bootstrapToken(), merchant(first.stripeKey, null));

    assertThat(again.status()).as(again.raw()).isEqualTo(409);
    assertThat(again.body().path("type").asText())
        .isEqualTo("urn:settle:problem:stripe-account-taken");
    assertThat(again.raw()).doesNotContain(first.stripeKey).doesNotContain("\"merchantId\"");
    assertThat(count("merchant")).as("no merchant written").isEqualTo(merchantsBefore);
    assertThat(count("api_key")).as("no admin key issued").isEqualTo(keysBefore);

    SettleHttp.Response shared =
        api.post("/api/v1/merchants", stack.bootstrapToken(), merchant(first.stripeKey, true));
    assertThat(shared.status()).as(shared.raw()).isEqualTo(201);

    // Another merchant cannot take the account over with a reconnect either ...
    TestMerchant second = TestMerchant.connect(stack);
    SettleHttp.Response takeover =
        api.put(
            "/api/v1/merchants/me/stripe",
            second.adminKey,
            Map.of("secretKey", first.stripeKey, "publishableKey", "pk_test_acme1234"));
    assertThat(takeover.status()).as(takeover.raw()).isEqualTo(409);
    assertThat(
            api.get("/api/v1/merchants/me", second.adminKey)
                .body()
                .path("stripeSecretKeyLast4")
                .asText())
        .as("its own connection is unchanged")
        .isEqualTo(second.stripeKey.substring(second.stripeKey.length() - 4));

    // ... while the account's merchant reconnects it freely, with a rolled key too.
    String rolled = first.stripeKey + "r0ll";
    stack.stripe().rollKey(first.stripeKey, rolled);
    SettleHttp.Response reconnected =
        api.put(
            "/api/v1/merchants/me/stripe",
            first.adminKey,
            Map.of("secretKey", rolled, "publishableKey", "pk_test_acme1234"));
    assertThat(reconnected.status()).as(reconnected.raw()).isEqualTo(200);
  }

  @Test
  void aMerchantThatAllowsSharingButIsAloneStillClaimsItsAccount() {
    SettleHttp api = new SettleHttp(stack.apiUrl());
    String key = "sk_test_alone" + java.util.UUID.randomUUID().toString().replace("-", "");
    SettleHttp.Response first =
        api.post("/api/v1/merchants", stack.bootstrapToken(), merchant(key, true));
    assertThat(first.status()).as(first.raw()).isEqualTo(201);

    SettleHttp.Response unaware =
        api.post("/api/v1/merchants", stack.bootstrapToken(), merchant(key, null));
    assertThat(unaware.status())
        .as("a merchant that does not allow sharing is refused: the account is claimed")
        .isEqualTo(409);

    SettleHttp.Response knowing =
        api.post("/api/v1/merchants", stack.bootstrapToken(), merchant(key, true));
    assertThat(knowing.status()).as(knowing.raw()).isEqualTo(201);
  }

  private static Map<String, Object> merchant(String secretKey, Boolean allowSharedAccount) {
    Map<String, Object> stripe = new java.util.HashMap<>();
    stripe.put("secretKey", secretKey);
    stripe.put("publishableKey", "pk_test_acme1234");
    if (allowSharedAccount != null) {
      stripe.put("allowSharedAccount", allowSharedAccount);
    }
    return Map.of(
        "name", "Acme Twin", "defaultCurrency", "USD", "autopay", "ON_CREATION", "stripe", stripe);
  }

  private long count(String table) {
    return stack
        .apiBean(JdbcClient.class)
        .sql("SELECT COUNT(*) FROM " + table)
        .query(Long.class)
        .single();
  }

  private JsonNode workflowOf(TestMerchant merchant, long invoiceId) {
    return new SettleHttp(stack.apiUrl())
        .get("/api/v1/invoices/" + invoiceId + "/workflow", merchant.adminKey)
        .body();
  }

  private List<String> notificationKinds(long invoiceId) {
    return stack
        .apiBean(JdbcClient.class)
        .sql("SELECT kind FROM notification WHERE invoice_id = :invoice ORDER BY id")
        .param("invoice", invoiceId)
        .query(String.class)
        .list();
  }
}
