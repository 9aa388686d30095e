package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import io.settle.workflows.invoice.InvoiceState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant's own settings over REST: its collection policy shapes the invoices created after it,
 * and saving its webhook endpoint registers exactly one endpoint at Stripe, however often saved.
 */
class MerchantSettingsIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;

  @BeforeEach
  void newMerchantWithItsOwnStripeAccount() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void aProcessingFeeInThePolicyIsChargedOnInvoicesCreatedAfterIt() throws Exception {
    SettleHttp.Response saved =
        api.put(
            "/api/v1/merchants/me/collection-policy",
            merchant.adminKey,
            Map.of(
                "retryScheduleDays", List.of(2),
                "exhaustionPolicy", "LEAVE_OPEN",
                "requiresActionExpiryHours", 24,
                "processingPollStartMinutes", 5,
                "processingPollMaxMinutes", 60,
                "processingFeeBasisPoints", 250));
    assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
    assertThat(saved.body().path("processingFeeBasisPoints").asInt()).isEqualTo(250);

    SettleHttp.Response read = api.get("/api/v1/merchants/me/collection-policy", merchant.adminKey);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    assertThat(read.body().path("retryScheduleDays").toString()).isEqualTo("[2]");
    assertThat(read.body().path("processingFeeBasisPoints").asInt()).isEqualTo(250);

    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.createInvoice(customerId, List.of(10_000L)).path("id").asLong();

    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode invoice = merchant.readInvoice(invoiceId);
    assertThat(invoice.path("status").asText()).isEqualTo("PAID");
    assertThat(invoice.path("total").asLong()).isEqualTo(10_250);
    assertThat(invoice.path("amountPaid").asLong()).isEqualTo(10_250);
    assertThat(invoice.path("lines"))
        .extracting(line -> line.path("kind").asText(), line -> line.path("amount").asLong())
        .containsExactly(tuple("ITEM", 10_000L), tuple("PROCESSING_FEE", 250L));
    assertThat(merchant.intentsFor(invoiceId))
        .singleElement()
        .satisfies(intent -> assertThat(intent.getAmount()).isEqualTo(10_250L));
  }

  @Test
  void savingTheWebhookEndpointTwiceKeepsOneEndpointAtStripeAndNeverShowsItsSecret()
      throws Exception {
    String url = stack.apiUrl() + "/webhooks/stripe/" + merchant.id;

    SettleHttp.Response first =
        api.put("/api/v1/merchants/me/webhook-endpoint", merchant.adminKey, Map.of("url", url));
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.body().path("url").asText()).isEqualTo(url);
    assertThat(first.body().path("secretStored").asBoolean()).isTrue();
    assertThat(first.raw()).doesNotContain("whsec_");
    List<WebhookEndpoint> endpoints = endpoints();
    assertThat(endpoints).singleElement().satisfies(e -> assertThat(e.getUrl()).isEqualTo(url));
    String endpointId = endpoints.get(0).getId();
    assertThat(first.body().path("endpointId").asText()).isEqualTo(endpointId);
    assertThat(first.body().path("enabledEvents"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(endpoints.get(0).getEnabledEvents());

    SettleHttp.Response again =
        api.put("/api/v1/merchants/me/webhook-endpoint", merchant.adminKey, Map.of("url", url));
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body().path("endpointId").asText()).isEqualTo(endpointId);
    assertThat(again.body().path("secretStored").asBoolean()).isTrue();
    assertThat(again.raw()).doesNotContain("whsec_");
    assertThat(endpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getId()).isEqualTo(endpointId);
              assertThat(e.getUrl()).isEqualTo(url);
            });
  }

  @Test
  void theSettingsReadAsSavedAndNewStripeKeysAreUsedFromTheNextCall() throws Exception {
    SettleHttp.Response saved =
        api.put(
            "/api/v1/merchants/me/settings", merchant.adminKey, CustomersIT.settings("TWO_WAY"));
    assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
    SettleHttp.Response read = api.get("/api/v1/merchants/me/settings", merchant.adminKey);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(saved.body());
    assertThat(read.body().path("customerSync").path("mode").asText()).isEqualTo("TWO_WAY");

    // A fresh simulator key is a fresh Stripe account: only the new key sees its customers.
    String newKey =
        "sk_test_rotated" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    SettleHttp.Response connected =
        api.put(
            "/api/v1/merchants/me/stripe",
            merchant.adminKey,
            Map.of("secretKey", newKey, "publishableKey", "pk_test_rotated1234"));
    assertThat(connected.status()).as(connected.raw()).isEqualTo(200);
    assertThat(connected.body().path("secretKeyLast4").asText())
        .isEqualTo(newKey.substring(newKey.length() - 4));
    assertThat(connected.raw()).doesNotContain(newKey);
    String inNewAccount =
        StripeClient.builder()
            .setApiKey(newKey)
            .setApiBase(stack.stripe().baseUrl())
            .build()
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("New Account Ltd").build())
            .getId();
    SettleHttp.Response customer =
        api.post("/api/v1/customers", merchant.adminKey, Map.of("name", "New Account Ltd"));
    SettleHttp.Response mapped =
        api.put(
            "/api/v1/customers/" + customer.body().path("id").asLong() + "/stripe-customer",
            merchant.adminKey,
            Map.of("stripeCustomerId", inNewAccount));
    assertThat(mapped.status()).as(mapped.raw()).isEqualTo(200);
  }

  private List<WebhookEndpoint> endpoints() throws Exception {
    return merchant
        .stripe
        .v1()
        .webhookEndpoints()
        .list(WebhookEndpointListParams.builder().setLimit(100L).build())
        .getData();
  }
}
