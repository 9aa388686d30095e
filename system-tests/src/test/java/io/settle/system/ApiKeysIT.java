package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys over REST on the real stack: an admin issues AGENT and PORTAL keys, each is held to its
 * role and permissions, and a revoked key stops working.
 */
class ApiKeysIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void anAgentChargesOnlyWithTheManualPaymentsPermission() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = awaitingAPerson(customerId, 9_000);
    String plainAgent = issue(Map.of("role", "AGENT")).path("key").asText();
    String cashier =
        issue(Map.of("role", "AGENT", "permissions", List.of("receive_manual_payments")))
            .path("key")
            .asText();

    SettleHttp.Response refused =
        api.post("/api/v1/invoices/" + invoiceId + "/charge", plainAgent, Map.of("amount", 4_000));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(refused.body().path("type").asText()).isEqualTo("urn:settle:problem:forbidden");

    SettleHttp.Response charged =
        api.post("/api/v1/invoices/" + invoiceId + "/charge", cashier, Map.of("amount", 4_000));
    assertThat(charged.status()).as(charged.raw()).isEqualTo(200);
    assertThat(charged.body().path("outcome").asText()).isEqualTo("SUCCEEDED");

    assertThat(api.get("/api/v1/invoices/" + invoiceId, plainAgent).status()).isEqualTo(200);
  }

  @Test
  void aPortalKeySeesItsOwnCustomersInvoicesOnly() throws Exception {
    long customerA = merchant.customerPayingWith("pm_card_visa");
    long customerB = merchant.customerPayingWith("pm_card_visa");
    long invoiceA = awaitingAPerson(customerA, 3_000);
    long invoiceB = awaitingAPerson(customerB, 3_000);
    String portal = issue(Map.of("role", "PORTAL", "customerId", customerA)).path("key").asText();

    SettleHttp.Response own = api.get("/api/v1/invoices/" + invoiceA, portal);
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.body().path("id").asLong()).isEqualTo(invoiceA);

    SettleHttp.Response other = api.get("/api/v1/invoices/" + invoiceB, portal);
    assertThat(other.status()).as(other.raw()).isEqualTo(404);
    assertThat(other.body().path("type").asText()).isEqualTo("urn:settle:problem:not-found");

    SettleHttp.Response listed = api.get("/api/v1/invoices", portal);
    assertThat(listed.body().path("data").findValuesAsText("id"))
        .containsExactly(String.valueOf(invoiceA));

    SettleHttp.Response voided =
        api.post("/api/v1/invoices/" + invoiceA + "/void", portal, Map.of());
    assertThat(voided.status()).as(voided.raw()).isEqualTo(403);
  }

  @Test
  void aRevokedKeyIsRefusedAndKeysAreNeverShownAgain() {
    var issued = issue(Map.of("role", "AGENT"));
    String key = issued.path("key").asText();
    long id = issued.path("id").asLong();
    assertThat(key).startsWith("stl_").startsWith(issued.path("prefix").asText());
    assertThat(api.get("/api/v1/invoices", key).status()).isEqualTo(200);

    SettleHttp.Response listing = api.get("/api/v1/api-keys", merchant.adminKey);
    assertThat(listing.status()).isEqualTo(200);
    assertThat(listing.raw())
        .contains("\"id\":" + id)
        .doesNotContain(key)
        .doesNotContain(merchant.adminKey)
        .doesNotContain("\"key\"");

    TestMerchant other = TestMerchant.connect(stack);
    assertThat(api.delete("/api/v1/api-keys/" + id, other.adminKey).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/invoices", key).status()).isEqualTo(200);

    assertThat(api.delete("/api/v1/api-keys/" + id, merchant.adminKey).status()).isEqualTo(204);
    SettleHttp.Response refused = api.get("/api/v1/invoices", key);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body().path("type").asText())
        .isEqualTo("urn:settle:problem:unauthenticated");
  }

  private com.fasterxml.jackson.databind.JsonNode issue(Map<String, Object> request) {
    return merchant.issueKey(request);
  }

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
}
