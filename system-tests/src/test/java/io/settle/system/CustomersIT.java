package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.PaymentMethodAttachParams;
import io.settle.workflows.invoice.InvoiceState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers over REST on the real stack: mapped to Stripe customers by exact name, by hand or by
 * creating one; their payment methods imported and one chosen to pay automatically, which then pays
 * an invoice.
 */
class CustomersIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;

  @BeforeEach
  void newMerchantWithItsOwnStripeAccount() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void mappedByNameCreatedAtStripeImportedAndPaidWithTheChosenMethod() throws Exception {
    String alphaAtStripe = stripeCustomer("Alpha Co");
    String betaOne = stripeCustomer("Beta Co");
    String betaTwo = stripeCustomer("Beta Co");
    stripeCustomer("ALPHA CO"); // another name to Settle, though Stripe's search ignores case
    long alpha = customer("Alpha Co");
    long beta = customer("Beta Co");
    long gamma = customer("Gamma Co");

    JsonNode mappings = mappingRun();
    assertThat(mappings.path("lookedAt").asInt()).isEqualTo(3);
    assertThat(mappings.path("mapped")).hasSize(1);
    assertThat(mappings.path("mapped").get(0).path("customerId").asLong()).isEqualTo(alpha);
    assertThat(mappings.path("mapped").get(0).path("stripeCustomerId").asText())
        .isEqualTo(alphaAtStripe);
    assertThat(mappings.path("ambiguous")).hasSize(1);
    assertThat(mappings.path("ambiguous").get(0).path("customerId").asLong()).isEqualTo(beta);
    assertThat(mappings.path("ambiguous").get(0).path("candidateStripeCustomerIds"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(betaOne, betaTwo);
    assertThat(mappings.path("missing"))
        .extracting(m -> m.path("customerId").asLong())
        .containsExactly(gamma);

    JsonNode again = mappingRun();
    assertThat(again.path("runId").asText())
        .as("a run that has ended is not answered again")
        .isNotEqualTo(mappings.path("runId").asText());
    assertThat(again.path("mapped")).as("nothing is mapped twice").isEmpty();
    assertThat(again.path("ambiguous")).hasSize(1);
    assertThat(customerRead(alpha).path("stripeCustomerId").asText()).isEqualTo(alphaAtStripe);

    // An ambiguous one by hand: not to a Stripe customer another customer holds.
    SettleHttp.Response taken =
        api.put(
            "/api/v1/customers/" + beta + "/stripe-customer",
            merchant.adminKey,
            Map.of("stripeCustomerId", alphaAtStripe));
    assertThat(taken.status()).as(taken.raw()).isEqualTo(409);
    SettleHttp.Response unknown =
        api.put(
            "/api/v1/customers/" + beta + "/stripe-customer",
            merchant.adminKey,
            Map.of("stripeCustomerId", "cus_doesNotExist"));
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(422);
    assertThat(unknown.body().path("type").asText())
        .isEqualTo("urn:settle:problem:unknown-stripe-customer");
    SettleHttp.Response byHand =
        api.put(
            "/api/v1/customers/" + beta + "/stripe-customer",
            merchant.adminKey,
            Map.of("stripeCustomerId", betaTwo));
    assertThat(byHand.status()).as(byHand.raw()).isEqualTo(200);
    assertThat(byHand.body().path("stripeCustomerId").asText()).isEqualTo(betaTwo);

    // The missing one is created at Stripe, once.
    SettleHttp.Response created =
        api.post("/api/v1/customers/" + gamma + "/stripe-customer", merchant.adminKey, Map.of());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    String gammaAtStripe = created.body().path("stripeCustomerId").asText();
    Customer atStripe = merchant.stripe.v1().customers().retrieve(gammaAtStripe);
    assertThat(atStripe.getName()).isEqualTo("Gamma Co");
    assertThat(atStripe.getMetadata()).containsEntry("settle_customer_id", Long.toString(gamma));
    SettleHttp.Response twice =
        api.post("/api/v1/customers/" + gamma + "/stripe-customer", merchant.adminKey, Map.of());
    assertThat(twice.status()).as(twice.raw()).isEqualTo(409);

    // The customer saves two cards at Stripe; Settle imports them and an agent picks one.
    String visa = attach("pm_card_visa", gammaAtStripe);
    String mastercard = attach("pm_card_mastercard", gammaAtStripe);
    SettleHttp.Response imported =
        api.post(
            "/api/v1/customers/" + gamma + "/payment-methods/import", merchant.adminKey, Map.of());
    assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
    assertThat(imported.body().path("data"))
        .extracting(m -> m.path("id").asText())
        .containsExactlyInAnyOrder(visa, mastercard);
    assertThat(imported.body().path("data"))
        .allSatisfy(m -> assertThat(m.path("isDefault").asBoolean()).isFalse());
    assertThat(imported.body().path("data"))
        .allSatisfy(m -> assertThat(m.path("type").asText()).isEqualTo("card"));

    SettleHttp.Response chosen =
        api.put(
            "/api/v1/customers/" + gamma + "/payment-methods/" + mastercard + "/default",
            merchant.adminKey,
            Map.of());
    assertThat(chosen.status()).as(chosen.raw()).isEqualTo(200);
    assertThat(chosen.body().path("data"))
        .filteredOn(m -> m.path("isDefault").asBoolean())
        .extracting(m -> m.path("id").asText())
        .containsExactly(mastercard);
    assertThat(customerRead(gamma).path("defaultPaymentMethodId").asText()).isEqualTo(mastercard);
    assertThat(
            merchant
                .stripe
                .v1()
                .customers()
                .retrieve(gammaAtStripe)
                .getInvoiceSettings()
                .getDefaultPaymentMethod())
        .isEqualTo(mastercard);

    // An invoice that names neither currency nor auto-pay takes the merchant's (USD, on
    // creation), and is paid with the chosen card.
    SettleHttp.Response invoice =
        api.post(
            "/api/v1/invoices",
            merchant.adminKey,
            Map.of(
                "number",
                "INV-" + UUID.randomUUID().toString().substring(0, 8),
                "customerId",
                gamma,
                "dueDate",
                LocalDate.now().plusDays(14).toString(),
                "lines",
                List.of(Map.of("description", "Support", "amount", 12_500))));
    assertThat(invoice.status()).as(invoice.raw()).isEqualTo(201);
    assertThat(invoice.body().path("currency").asText()).isEqualTo("USD");
    long invoiceId = invoice.body().path("id").asLong();
    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    assertThat(merchant.readInvoice(invoiceId).path("amountPaid").asLong()).isEqualTo(12_500);
    assertThat(merchant.intentsFor(invoiceId))
        .singleElement()
        .satisfies(
            intent -> {
              assertThat(intent.getPaymentMethod()).isEqualTo(mastercard);
              assertThat(intent.getCustomer()).isEqualTo(gammaAtStripe);
              assertThat(intent.getAmount()).isEqualTo(12_500L);
            });

    // A card removed at Stripe leaves the mirror on the next import.
    merchant.stripe.v1().paymentMethods().detach(visa);
    SettleHttp.Response reimported =
        api.post(
            "/api/v1/customers/" + gamma + "/payment-methods/import", merchant.adminKey, Map.of());
    assertThat(reimported.body().path("data"))
        .extracting(m -> m.path("id").asText())
        .containsExactly(mastercard);
  }

  @Test
  void creatingAMappedCustomerChecksStripeAsMappingByHandDoes() throws Exception {
    String taken = stripeCustomer("Held Co");
    customerMappedTo("Held Co", taken);

    for (String stripeCustomerId : List.of("cus_doesNotExist", taken)) {
      SettleHttp.Response created =
          api.post(
              "/api/v1/customers",
              merchant.adminKey,
              Map.of("name", "Other Co", "stripeCustomerId", stripeCustomerId));
      long other = customer("Other Co");
      SettleHttp.Response mapped =
          api.put(
              "/api/v1/customers/" + other + "/stripe-customer",
              merchant.adminKey,
              Map.of("stripeCustomerId", stripeCustomerId));
      assertThat(created.status()).as(created.raw()).isEqualTo(mapped.status());
      assertThat(created.body().path("type").asText())
          .isEqualTo(mapped.body().path("type").asText());
    }
    SettleHttp.Response unknown =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "Other Co", "stripeCustomerId", "cus_doesNotExist"));
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(422);
    assertThat(unknown.body().path("type").asText())
        .isEqualTo("urn:settle:problem:unknown-stripe-customer");
    SettleHttp.Response held =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "Other Co", "stripeCustomerId", taken));
    assertThat(held.status()).as(held.raw()).isEqualTo(409);
    SettleHttp.Response listed =
        api.get("/api/v1/customers?mapped=true&name=Other", merchant.adminKey);
    assertThat(listed.body().path("data")).as("a refused creation stores nothing").isEmpty();
  }

  @Test
  void mappingAtCreationOrByHandImportsTheStripeCustomersMethods() throws Exception {
    // No webhook endpoint: only the mapping can bring the cards in.
    String withCards = stripeCustomer("Carded Co");
    String visa = attach("pm_card_visa", withCards);
    String mastercard = attach("pm_card_mastercard", withCards);
    merchant
        .stripe
        .v1()
        .customers()
        .update(
            withCards,
            CustomerUpdateParams.builder()
                .setInvoiceSettings(
                    CustomerUpdateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(mastercard)
                        .build())
                .build());
    long created = customerMappedTo("Carded Co", withCards);
    assertThat(methodIds(created)).containsExactlyInAnyOrder(visa, mastercard);
    assertThat(customerRead(created).path("defaultPaymentMethodId").asText())
        .as("Stripe's default pays automatically, as the import makes it")
        .isEqualTo(mastercard);

    String another = stripeCustomer("Later Co");
    String amex = attach("pm_card_amex", another);
    long later = customer("Later Co");
    SettleHttp.Response mapped =
        api.put(
            "/api/v1/customers/" + later + "/stripe-customer",
            merchant.adminKey,
            Map.of("stripeCustomerId", another));
    assertThat(mapped.status()).as(mapped.raw()).isEqualTo(200);
    assertThat(methodIds(later)).containsExactly(amex);
  }

  @Test
  void unmappingForgetsTheMirrorAndTheAutoPayMethodButNotWhileAPaymentIsUnderWay()
      throws Exception {
    String withCard = stripeCustomer("Unmapped Co");
    String visa = attach("pm_card_visa", withCard);
    long customer = customerMappedTo("Unmapped Co", withCard);
    api.put(
        "/api/v1/customers/" + customer + "/payment-methods/" + visa + "/default",
        merchant.adminKey,
        Map.of());
    assertThat(methodIds(customer)).containsExactly(visa);

    SettleHttp.Response unmapped =
        api.delete("/api/v1/customers/" + customer + "/stripe-customer", merchant.adminKey);
    assertThat(unmapped.status()).as(unmapped.raw()).isEqualTo(200);
    assertThat(unmapped.body().path("stripeCustomerId").isNull()).isTrue();
    assertThat(unmapped.body().path("defaultPaymentMethodId").isNull()).isTrue();
    assertThat(methodIds(customer)).isEmpty();
    assertThat(merchant.stripe.v1().customers().retrieve(withCard).getDeleted())
        .as("nothing changes at Stripe")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(merchant.stripe.v1().paymentMethods().retrieve(visa).getCustomer())
        .isEqualTo(withCard);
    SettleHttp.Response again =
        api.delete("/api/v1/customers/" + customer + "/stripe-customer", merchant.adminKey);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);

    // Waiting on the customer's 3-D Secure: the mapping is needed to finish the payment.
    long waiting = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    long invoiceId = merchant.createInvoice(waiting, List.of(4_200L)).path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> merchant.readInvoice(invoiceId).path("status").asText(),
            "REQUIRES_ACTION"::equals);
    SettleHttp.Response refused =
        api.delete("/api/v1/customers/" + waiting + "/stripe-customer", merchant.adminKey);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.body().path("invoiceIds"))
        .extracting(JsonNode::asLong)
        .containsExactly(invoiceId);
    assertThat(customerRead(waiting).path("stripeCustomerId").isNull()).isFalse();
  }

  @Test
  void customersAreListedByPageAndFilterAndAChangeIsExportedWhenTheSettingSaysSo()
      throws Exception {
    long mapped = merchant.customerPayingWith("pm_card_visa");
    long first = customer("Listed One");
    long second = customer("Listed Two");

    SettleHttp.Response page = api.get("/api/v1/customers?limit=2", merchant.adminKey);
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    assertThat(page.body().path("data"))
        .extracting(c -> c.path("id").asLong())
        .containsExactly(second, first);
    String cursor = page.body().path("nextCursor").asText();
    SettleHttp.Response next =
        api.get("/api/v1/customers?limit=2&cursor=" + cursor, merchant.adminKey);
    assertThat(next.body().path("data"))
        .extracting(c -> c.path("id").asLong())
        .containsExactly(mapped);
    assertThat(next.body().path("nextCursor").isNull()).isTrue();
    assertThat(
            api.get("/api/v1/customers?mapped=false&name=listed", merchant.adminKey)
                .body()
                .path("data"))
        .extracting(c -> c.path("id").asLong())
        .containsExactly(second, first);

    SettleHttp.Response settings =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, settings("EXPORT_ONLY"));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    SettleHttp.Response changed =
        api.patch(
            "/api/v1/customers/" + mapped, merchant.adminKey, Map.of("email", "billing@acme.test"));
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.body().path("email").asText()).isEqualTo("billing@acme.test");
    String stripeId = changed.body().path("stripeCustomerId").asText();
    assertThat(merchant.stripe.v1().customers().retrieve(stripeId).getEmail())
        .isEqualTo("billing@acme.test");
  }

  @Test
  void stripesWebhooksKeepTheMirrorAndTheCustomerInStep() throws Exception {
    SettleHttp.Response endpoint =
        api.put(
            "/api/v1/merchants/me/webhook-endpoint",
            merchant.adminKey,
            Map.of("url", stack.apiUrl() + "/webhooks/stripe/" + merchant.id));
    assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
    assertThat(
            api.put("/api/v1/merchants/me/settings", merchant.adminKey, settings("IMPORT_ONLY"))
                .status())
        .isEqualTo(200);
    String stripeId = stripeCustomer("Synced Co");
    SettleHttp.Response created =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "Synced Co", "stripeCustomerId", stripeId));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long customerId = created.body().path("id").asLong();

    // Attached at Stripe (the customer adds a card): mirrored without an import.
    String card = attach("pm_card_visa", stripeId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> methodIds(customerId), ids -> ids.equals(List.of(card)));

    // Renamed at Stripe: taken, since the sync mode imports.
    merchant
        .stripe
        .v1()
        .customers()
        .update(stripeId, CustomerUpdateParams.builder().setName("Synced Inc").build());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> customerRead(customerId).path("name").asText(), "Synced Inc"::equals);

    // Detached at Stripe: gone from the mirror.
    merchant.stripe.v1().paymentMethods().detach(card);
    await().atMost(Duration.ofSeconds(30)).until(() -> methodIds(customerId), List::isEmpty);
  }

  @Test
  void paymentMethodsAreFollowedWithCustomerSyncOffButTheNameIsNot() throws Exception {
    SettleHttp.Response endpoint =
        api.put(
            "/api/v1/merchants/me/webhook-endpoint",
            merchant.adminKey,
            Map.of("url", stack.apiUrl() + "/webhooks/stripe/" + merchant.id));
    assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
    assertThat(
            api.put("/api/v1/merchants/me/settings", merchant.adminKey, settings("OFF")).status())
        .isEqualTo(200);
    String stripeId = stripeCustomer("Unsynced Co");
    long customerId = customerMappedTo("Unsynced Co", stripeId);

    String visa = attach("pm_card_visa", stripeId);
    String mastercard = attach("pm_card_mastercard", stripeId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> methodIds(customerId), ids -> ids.containsAll(List.of(visa, mastercard)));

    // One customer.updated carries both: the default is followed, the name is not.
    merchant
        .stripe
        .v1()
        .customers()
        .update(
            stripeId,
            CustomerUpdateParams.builder()
                .setName("Renamed At Stripe")
                .setInvoiceSettings(
                    CustomerUpdateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(mastercard)
                        .build())
                .build());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> customerRead(customerId).path("defaultPaymentMethodId").asText(),
            mastercard::equals);
    assertThat(customerRead(customerId).path("name").asText()).isEqualTo("Unsynced Co");

    merchant.stripe.v1().paymentMethods().detach(visa);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> methodIds(customerId), ids -> ids.equals(List.of(mastercard)));
  }

  @Test
  void aMerchantHasOneMappingRunAtATimeWhichAnswersPageByPage() {
    // More unmapped customers than a page holds (20), so the run pauses between its two pages.
    List<Long> unmapped = new java.util.ArrayList<>();
    for (int i = 0; i < 21; i++) {
      unmapped.add(customer("Nobody at Stripe " + i));
    }

    SettleHttp.HeadedResponse first = startMapping();
    SettleHttp.HeadedResponse second = startMapping();

    String runId = first.response().body().path("runId").asText();
    assertThat(second.response().body().path("runId").asText())
        .as("a request while the run goes on answers that run")
        .isEqualTo(runId);
    assertThat(second.header("Location")).contains(first.header("Location").orElseThrow());
    JsonNode done = awaitRun(first.header("Location").orElseThrow());
    assertThat(done.path("runId").asText()).isEqualTo(runId);
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.path("lookedAt").asInt()).isEqualTo(21);
    assertThat(done.path("missingCount").asInt()).isEqualTo(21);
    assertThat(done.path("missing"))
        .extracting(m -> m.path("customerId").asLong())
        .containsExactlyElementsOf(unmapped);
  }

  /** Starts a mapping run and answers its result once it has completed. */
  @Test
  void anInvoiceSaysHowItWillBePaidAsItsTemplatePrintsIt() throws Exception {
    String atStripe = stripeCustomer("Delta Ltd");
    long delta = customerMappedTo("Delta Ltd", atStripe);
    String visa = attach("pm_card_visa", atStripe);
    api.post("/api/v1/customers/" + delta + "/payment-methods/import", merchant.adminKey, Map.of());
    SettleHttp.Response chosen =
        api.put(
            "/api/v1/customers/" + delta + "/payment-methods/" + visa + "/default",
            merchant.adminKey,
            Map.of());
    assertThat(chosen.status()).as(chosen.raw()).isEqualTo(200);
    long withoutMethod = customer("Epsilon Ltd");

    JsonNode paidByCard = merchant.createInvoice(invoiceFor(delta));
    JsonNode noMethod = merchant.createInvoice(invoiceFor(withoutMethod));

    assertThat(paidByCard.path("autopayMethodLabel").asText()).isEqualTo("Visa •••• 4242");
    assertThat(noMethod.path("autopayMethodLabel").asText())
        .isEqualTo("No automatic payment setup");
    assertThat(
            merchant
                .readInvoice(paidByCard.path("id").asLong())
                .path("autopayMethodLabel")
                .asText())
        .as("kept with the invoice")
        .isEqualTo("Visa •••• 4242");
  }

  private static Map<String, Object> invoiceFor(long customerId) {
    Map<String, Object> body =
        new java.util.HashMap<>(TestMerchant.invoiceBody(customerId, List.of(1_000L)));
    body.put("autopay", "OFF");
    return body;
  }

  private JsonNode mappingRun() {
    SettleHttp.HeadedResponse started = startMapping();
    JsonNode done = awaitRun(started.header("Location").orElseThrow());
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
    return done;
  }

  private SettleHttp.HeadedResponse startMapping() {
    SettleHttp.HeadedResponse started =
        api.post("/api/v1/customers/stripe-mappings", merchant.adminKey, Map.of(), Map.of());
    assertThat(started.response().status()).as(started.response().raw()).isEqualTo(202);
    assertThat(started.header("Location"))
        .contains(
            "/api/v1/customers/stripe-mappings/"
                + started.response().body().path("runId").asText());
    return started;
  }

  private JsonNode awaitRun(String location) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              SettleHttp.Response run = api.get(location, merchant.adminKey);
              assertThat(run.status()).as(run.raw()).isEqualTo(200);
              return run.body();
            },
            run -> !run.path("state").asText().equals("RUNNING"));
  }

  private List<String> methodIds(long customerId) {
    SettleHttp.Response listed =
        api.get("/api/v1/customers/" + customerId + "/payment-methods", merchant.adminKey);
    assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    listed.body().path("data").forEach(method -> ids.add(method.path("id").asText()));
    return ids;
  }

  @Test
  void theNewEndpointsAreDocumentedWithTheirErrors() {
    SettleHttp.Response docs = api.get("/v3/api-docs", merchant.adminKey);
    assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
    JsonNode paths = docs.body().path("paths");
    assertThat(paths.has("/api/v1/customers/stripe-mappings")).isTrue();
    assertThat(
            paths
                .path("/api/v1/customers/stripe-mappings")
                .path("post")
                .path("responses")
                .path("202")
                .path("headers")
                .has("Location"))
        .isTrue();
    assertThat(paths.has("/api/v1/customers/stripe-mappings/{runId}")).isTrue();
    assertThat(paths.has("/api/v1/merchants/me/settings")).isTrue();
    assertThat(paths.has("/api/v1/portal/setup-intents/{setupIntentId}/verify-microdeposits"))
        .isTrue();
    assertThat(
            paths
                .path("/api/v1/customers/{id}/stripe-customer")
                .path("put")
                .path("responses")
                .has("409"))
        .isTrue();
    assertThat(
            paths
                .path("/api/v1/customers/{id}/stripe-customer")
                .path("delete")
                .path("responses")
                .has("409"))
        .isTrue();
    assertThat(docs.raw()).doesNotContain("achOnlyWithUsd");
  }

  static Map<String, Object> settings(String syncMode) {
    return Map.of(
        "settlementCurrency", "USD",
        "autopay", Map.of("enabled", true, "timing", "ON_CREATION"),
        "importPaymentMethodTypes", List.of("card", "us_bank_account"),
        "agentPaymentMethodTypes", List.of("card"),
        "customerSync", Map.of("mode", syncMode, "fields", List.of("name", "email")),
        "portalPaymentMethods", "SHOW",
        "notifications", Map.of("notifyOn", "ALL", "stripeSendsReceipts", false));
  }

  private String stripeCustomer(String name) throws StripeException {
    return merchant
        .stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName(name).build())
        .getId();
  }

  private long customer(String name) {
    SettleHttp.Response created =
        api.post("/api/v1/customers", merchant.adminKey, Map.of("name", name));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private long customerMappedTo(String name, String stripeCustomerId) {
    SettleHttp.Response created =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", name, "stripeCustomerId", stripeCustomerId));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private JsonNode customerRead(long id) {
    SettleHttp.Response read = api.get("/api/v1/customers/" + id, merchant.adminKey);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    return read.body();
  }

  // As the customer's browser would, through Stripe.js.
  private String attach(String testMethod, String stripeCustomer) throws StripeException {
    return merchant
        .stripe
        .v1()
        .paymentMethods()
        .attach(testMethod, PaymentMethodAttachParams.builder().setCustomer(stripeCustomer).build())
        .getId();
  }
}
