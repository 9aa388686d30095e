package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import io.settle.notifications.mail.MailRelay;
import io.settle.notifications.mail.MessageIds;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.notification.OutboxNotification;
import io.settle.system.Mailbox.Mail;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Email on the real stack: the worker's mail relay sends the outbox to a real SMTP server
 * (GreenMail), from the invoice workflow's decisions, a pay-all, an agent's click. Each test uses
 * customers with addresses of their own, and reads only what those received.
 */
class NotificationsIT {

  private final SettleStack stack = SettleStack.get();
  private final Mailbox mail = stack.mail();
  private SettleHttp api;
  private TestMerchant merchant;
  private String merchantAddress;

  @BeforeEach
  void aMerchantWithANotificationAddress() {
    api = new SettleHttp(stack.apiUrl());
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
    merchantAddress = "ar-" + unique() + "@merchant.test";
    notifications("ALL", false);
  }

  @Test
  void anAutoPaidInvoiceSendsOneConfirmationToTheCustomerCopyingItsCcAndTheMerchant() {
    Customer customer = customer("pm_card_visa");
    long invoiceId = invoiceFor(customer, 5_500);

    merchant.awaitStatus(invoiceId, "PAID");

    Mail confirmation = mail.awaitTo(customer.email(), 1).getFirst();
    assertThat(confirmation.to()).containsExactly(customer.email());
    assertThat(confirmation.cc()).containsExactlyInAnyOrder(customer.ccEmail(), merchantAddress);
    assertThat(confirmation.key()).isEqualTo(key(invoiceId, "paid"));
    assertThat(confirmation.subject()).contains(number(invoiceId));
    assertThat(confirmation.text()).contains(number(invoiceId)).contains("$55.00");
    // The same Message-ID on every try of the row; the row says it was sent with it.
    OutboxNotification row = outbox().findByKey(key(invoiceId, "paid")).orElseThrow();
    assertThat(row.status()).isEqualTo("SENT");
    assertThat(confirmation.messageId())
        .isEqualTo(row.messageId())
        .isEqualTo(MessageIds.of(row.notificationKey(), "settle.localhost"));
    // Sent once: later runs of the relay find nothing more for this customer.
    await().during(Duration.ofSeconds(1)).until(() -> mail.to(customer.email()).size() == 1);
  }

  @Test
  void aPaymentNeedingThreeDSecureAsksTheCustomerToActWithTheLink() {
    Customer customer = customer("pm_card_threeDSecure2Required");
    long invoiceId = invoiceFor(customer, 7_000);

    merchant.awaitStatus(invoiceId, "REQUIRES_ACTION");

    Mail action = mail.awaitTo(customer.email(), 1).getFirst();
    assertThat(action.key()).isEqualTo(key(invoiceId, "action-1"));
    assertThat(action.subject()).contains(number(invoiceId));
    assertThat(action.text()).contains("/pay/");
    assertThat(action.html()).contains("/pay/");
  }

  @Test
  void aPayAllSendsOneReceiptListingEachInvoiceAndNoConfirmationPerInvoice() {
    Customer customer = customer("pm_card_visa");
    long first = merchant.invoiceForAPerson(customer.id(), 1_000);
    long second = merchant.invoiceForAPerson(customer.id(), 2_500);
    String portal = portalKey(customer.id());
    String payer = "jo-" + unique() + "@acme.test";

    SettleHttp.Response paid =
        api.post("/api/v1/portal/payments", portal, Map.of("payerEmail", payer));
    assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
    merchant.awaitStatus(first, "PAID");
    merchant.awaitStatus(second, "PAID");

    Mail receipt = mail.awaitTo(customer.email(), 1).getFirst();
    assertThat(receipt.key()).endsWith("-receipt");
    assertThat(receipt.cc()).contains(payer, customer.ccEmail(), merchantAddress);
    assertThat(receipt.text()).contains(number(first), number(second), "$35.00");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> mail.to(customer.email()).size() == 1);
  }

  @Test
  void anAgentEmailsThePaymentLinkAndAPortalKeyMayNot() {
    Customer customer = customer("pm_card_visa");
    long invoiceId = merchant.invoiceForAPerson(customer.id(), 4_200);

    SettleHttp.Response sent =
        api.post(
            "/api/v1/invoices/" + invoiceId + "/payment-link/email", merchant.adminKey, Map.of());

    assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
    assertThat(sent.body().path("to").asText()).isEqualTo(customer.email());
    String link = sent.body().path("url").asText();
    Mail email = mail.awaitTo(customer.email(), 1).getFirst();
    assertThat(email.text()).contains(link).contains(number(invoiceId));
    assertThat(email.html()).contains(link);
    assertThat(
            api.post(
                    "/api/v1/invoices/" + invoiceId + "/payment-link/email",
                    portalKey(customer.id()),
                    Map.of())
                .status())
        .isEqualTo(403);
  }

  @Test
  void anEmailQueuedWhileTheRelayIsDownIsSentOnceWhenItIsBack() {
    MailRelay relay = stack.workerBean(MailRelay.class);
    Customer customer = customer("pm_card_visa");
    relay.stop();
    long invoiceId;
    try {
      invoiceId = invoiceFor(customer, 3_300);
      merchant.awaitStatus(invoiceId, "PAID");
      // The ledger wrote the row with the payment; nothing has been sent.
      assertThat(outbox().findByKey(key(invoiceId, "paid")).orElseThrow().status())
          .isEqualTo("PENDING");
      assertThat(mail.to(customer.email())).isEmpty();
    } finally {
      relay.start();
    }

    assertThat(mail.awaitTo(customer.email(), 1)).singleElement();
    assertThat(outbox().findByKey(key(invoiceId, "paid")).orElseThrow().status()).isEqualTo("SENT");
  }

  @Test
  void whenStripeSendsReceiptsTheChargeCarriesReceiptEmailAndSettleSendsNoConfirmation()
      throws Exception {
    notifications("ALL", true);
    Customer customer = customer("pm_card_visa");
    long invoiceId = invoiceFor(customer, 2_000);

    merchant.awaitStatus(invoiceId, "PAID");

    List<PaymentIntent> intents = merchant.intentsFor(invoiceId);
    assertThat(intents).singleElement();
    assertThat(intents.getFirst().getReceiptEmail()).isEqualTo(customer.email());
    assertThat(outbox().findByKey(key(invoiceId, "paid"))).isEmpty();
  }

  @Test
  void aGivenUpEmailShowsToOperatorsAndIsSentWhenRetried() throws Exception {
    Customer customer = customer("pm_card_visa");
    long invoiceId = merchant.invoiceForAPerson(customer.id(), 1_500);
    MailRelay relay = stack.workerBean(MailRelay.class);
    long id;
    relay.stop();
    try {
      SettleHttp.Response queued =
          api.post(
              "/api/v1/invoices/" + invoiceId + "/payment-link/email", merchant.adminKey, Map.of());
      id = queued.body().path("notificationId").asLong();
      // As if every try had failed: the relay gave it up.
      outbox().markFailed(id, "550 5.1.1 mailbox unavailable", null);
    } finally {
      relay.start();
    }

    SettleHttp.Response listed =
        api.get("/api/v1/ops/notifications?state=FAILED", merchant.adminKey);
    assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
    JsonNode failed = new ObjectMapper().readTree(listed.raw()); // a list, which SettleHttp leaves
    assertThat(failed.findValuesAsText("id")).contains(String.valueOf(id));
    assertThat(
            api.post("/api/v1/ops/notifications/" + id + "/retry", merchant.adminKey, Map.of())
                .status())
        .isEqualTo(200);
    assertThat(
            api.post("/api/v1/ops/notifications/" + id + "/retry", merchant.adminKey, Map.of())
                .status())
        .isEqualTo(409);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> outbox().findById(id).orElseThrow().status(), "SENT"::equals);
    assertThat(mail.awaitTo(customer.email(), 1)).singleElement();
    // Operators read the relay in the worker's metrics.
    SettleHttp worker = new SettleHttp(stack.workerUrl());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> worker.get("/actuator/prometheus", null).raw(),
            scrape ->
                scrape.matches(
                        "(?s).*settle_notifications_total\\{[^}]*kind=\"PAYMENT_LINK\"[^}]*outcome=\"sent\".*")
                    && scrape.contains("settle_outbox_oldest_unsent_seconds{"));
  }

  // --- helpers ---------------------------------------------------------------------------------

  record Customer(long id, String email, String ccEmail) {}

  /** A customer of the merchant with addresses of its own, paying automatically with {@code pm}. */
  private Customer customer(String paymentMethod) {
    String email = "ap-" + unique() + "@acme.test";
    String cc = "cfo-" + unique() + "@acme.test";
    try {
      String stripeCustomer =
          merchant
              .stripe
              .v1()
              .customers()
              .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
              .getId();
      SettleHttp.Response created =
          api.post(
              "/api/v1/customers",
              merchant.adminKey,
              Map.of(
                  "name", "Acme Ltd",
                  "email", email,
                  "ccEmail", cc,
                  "stripeCustomerId", stripeCustomer,
                  "defaultPaymentMethodId", paymentMethod));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      assertThat(created.body().path("ccEmail").asText()).isEqualTo(cc);
      return new Customer(created.body().path("id").asLong(), email, cc);
    } catch (com.stripe.exception.StripeException e) {
      throw new IllegalStateException(e);
    }
  }

  private long invoiceFor(Customer customer, long amount) {
    return merchant
        .createInvoice(TestMerchant.invoiceBody(customer.id(), List.of(amount)))
        .path("id")
        .asLong();
  }

  private void notifications(String notifyOn, boolean stripeSendsReceipts) {
    Map<String, Object> settings = new HashMap<>(CustomersIT.settings("OFF"));
    settings.put(
        "notifications",
        Map.of(
            "notifyOn",
            notifyOn,
            "ccEmail",
            merchantAddress,
            "stripeSendsReceipts",
            stripeSendsReceipts));
    SettleHttp.Response saved =
        api.put("/api/v1/merchants/me/settings", merchant.adminKey, settings);
    assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
  }

  private String portalKey(long customerId) {
    SettleHttp.Response issued =
        api.post(
            "/api/v1/api-keys",
            merchant.adminKey,
            Map.of("role", "PORTAL", "customerId", customerId));
    assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
    return issued.body().path("key").asText();
  }

  private String key(long invoiceId, String event) {
    String invoiceKey =
        stack.apiBean(InvoiceRepository.class).findById(invoiceId).orElseThrow().invoiceKey();
    return "settle-" + invoiceKey + "-" + event;
  }

  private String number(long invoiceId) {
    return merchant.readInvoice(invoiceId).path("number").asText();
  }

  private NotificationRepository outbox() {
    return stack.apiBean(NotificationRepository.class);
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
