package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerFundCashBalanceParams;
import com.stripe.param.EventListParams;
import io.settle.stripe.simulator.events.WebhookFaults;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bank transfers and customer credit on the real stack (MariaDB, the Temporal dev server, the
 * Stripe simulator with its cash balances): money a customer sends to its virtual account pays its
 * open invoices earliest due first, through Stripe's customer balance; money beyond what is owed
 * becomes credit, which pays the next invoice without a Stripe call.
 */
class BankTransferIT {

  private static final LocalDate MONTH = LocalDate.now().withDayOfMonth(1).plusMonths(1);

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;
  private String stripeCustomer;
  private long customerId;

  @BeforeEach
  void aMerchantTakingBankTransfersAndACustomerWithoutACard() throws StripeException {
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
    SettleHttp.Response on =
        api.put("/api/v1/merchants/me/bank-transfers", merchant.adminKey, Map.of("enabled", true));
    assertThat(on.status()).as(on.raw()).isEqualTo(200);
    stripeCustomer =
        merchant
            .stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Wire Co").build())
            .getId();
    SettleHttp.Response customer =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "Wire Co", "email", "ap@wire.test", "stripeCustomerId", stripeCustomer));
    assertThat(customer.status()).as(customer.raw()).isEqualTo(201);
    customerId = customer.body().path("id").asLong();
  }

  @AfterEach
  void deliverWebhooksPlainlyAgain() {
    stack.stripe().clearWebhookFaults();
  }

  @Test
  void fundsPayTheOpenInvoicesEarliestDueFirstAndTheLastInPart() throws Exception {
    long third = invoice(MONTH.withDayOfMonth(30), 10_000);
    long first = invoice(MONTH.withDayOfMonth(10), 10_000);
    long second = invoice(MONTH.withDayOfMonth(20), 15_000);
    JsonNode instructions = bankTransfer().path("instructions");
    assertThat(instructions.path("accountNumber").asText()).isNotBlank();
    assertThat(instructions.path("routingNumber").asText()).isNotBlank();

    fund(30_000);

    merchant.awaitStatus(first, "PAID");
    merchant.awaitStatus(second, "PAID");
    JsonNode partly = merchant.awaitStatus(third, "PARTIALLY_PAID");
    assertThat(partly.path("amountPaid").asLong()).isEqualTo(5_000);
    assertThat(partly.path("payments").get(0).path("source").asText()).isEqualTo("BANK_TRANSFER");
    assertThat(cashBalanceAtStripe()).isZero();
    assertThat(bankTransfer().path("cashBalance").asLong()).isZero();
    for (long invoice : List.of(first, second, third)) {
      assertThat(merchant.intentsFor(invoice)).as("invoice %d", invoice).hasSize(1);
    }
  }

  @Test
  void moneyLeftAtStripePaysTheNextInvoiceWhenItIsMade() throws Exception {
    long invoice = invoice(MONTH.withDayOfMonth(10), 10_000);
    fund(15_000);
    merchant.awaitStatus(invoice, "PAID");
    await().atMost(Duration.ofSeconds(30)).until(() -> cashBalanceAtStripe() == 5_000);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> bankTransfer().path("cashBalance").asLong() == 5_000);

    long next = invoice(MONTH.withDayOfMonth(20), 10_000);

    JsonNode half = merchant.awaitStatus(next, "PARTIALLY_PAID");
    assertThat(half.path("amountPaid").asLong()).isEqualTo(5_000);
    assertThat(half.path("payments").get(0).path("source").asText()).isEqualTo("BANK_TRANSFER");
    assertThat(cashBalanceAtStripe()).isZero();
  }

  @Test
  void theSameFundingDeliveredTwiceAppliesOnce() throws Exception {
    long invoice = invoice(MONTH.withDayOfMonth(10), 10_000);
    long later = invoice(MONTH.withDayOfMonth(20), 10_000);
    stack.stripe().webhookFaults(WebhookFaults.NONE.duplicating(1.0));

    fund(10_000);

    merchant.awaitStatus(invoice, "PAID");
    // Every event came twice, and the funding told both as a transaction and as funds available.
    stack.stripe().resendEvent(fundingEvent().getId());
    JsonNode applications =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> bankTransfer().path("applications"), found -> found.size() >= 1);
    assertThat(applications).hasSize(1);
    assertThat(merchant.readInvoice(invoice).path("payments")).hasSize(1);
    assertThat(merchant.readInvoice(later).path("amountPaid").asLong())
        .as("nothing was left to pay the later invoice")
        .isZero();
    assertThat(merchant.intentsFor(invoice)).hasSize(1);
    assertThat(merchant.intentsFor(later)).isEmpty();
    assertThat(stack.stripe().webhookFaultCounts().duplicated()).isPositive();
  }

  @Test
  void fundsThatArriveWhileACardPaymentWaitsSkipThatInvoice() throws Exception {
    long waiting = invoice(MONTH.withDayOfMonth(10), 10_000);
    long open = invoice(MONTH.withDayOfMonth(20), 10_000);
    SettleHttp.Response card =
        api.post(
            "/api/v1/invoices/" + waiting + "/charge",
            merchant.adminKey,
            Map.of("paymentMethodId", "pm_card_threeDSecure2Required"));
    assertThat(card.status()).as(card.raw()).isEqualTo(200);
    merchant.awaitStatus(waiting, "REQUIRES_ACTION");

    fund(10_000);

    merchant.awaitStatus(open, "PAID");
    assertThat(merchant.readInvoice(waiting).path("status").asText()).isEqualTo("REQUIRES_ACTION");
    assertThat(merchant.readInvoice(waiting).path("amountPaid").asLong()).isZero();
    JsonNode applications = bankTransfer().path("applications");
    assertThat(applications.get(0).path("invoiceId").asLong()).isEqualTo(waiting);
    assertThat(applications.get(0).path("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(cashBalanceAtStripe()).isZero();
  }

  @Test
  void aWireOverWhatIsOwedLeavesCreditThatHalfPaysTheNextInvoiceWithoutStripe() throws Exception {
    long invoice = invoice(MONTH.withDayOfMonth(10), 10_000);
    SettleHttp.Response wire =
        api.post(
            "/api/v1/invoices/" + invoice + "/external-payments",
            merchant.adminKey,
            Map.of("reference", "WIRE-" + UUID.randomUUID(), "amount", 15_000, "method", "WIRE"));
    assertThat(wire.status()).as(wire.raw()).isEqualTo(202);
    merchant.awaitStatus(invoice, "PAID");
    assertThat(credit().path("balances").get(0).path("amount").asLong()).isEqualTo(5_000);
    assertThat(credit().path("movements").get(0).path("kind").asText()).isEqualTo("OVERPAYMENT");
    long stripeWritesBefore =
        stack.stripe().requestCount(merchant.stripeKey, "POST", "/v1/payment_intents");

    long next = invoice(MONTH.withDayOfMonth(20), 10_000);

    JsonNode half = merchant.awaitStatus(next, "PARTIALLY_PAID");
    assertThat(half.path("amountPaid").asLong()).isEqualTo(5_000);
    assertThat(half.path("payments").get(0).path("source").asText()).isEqualTo("CREDIT");
    assertThat(credit().path("balances").get(0).path("amount").asLong()).isZero();
    assertThat(credit().path("movements").get(0).path("kind").asText()).isEqualTo("APPLIED");
    assertThat(stack.stripe().requestCount(merchant.stripeKey, "POST", "/v1/payment_intents"))
        .as("credit costs no Stripe call")
        .isEqualTo(stripeWritesBefore);
  }

  private long invoice(LocalDate dueDate, long amount) {
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customerId, List.of(amount)));
    body.put("autopay", "OFF");
    body.put("dueDate", dueDate.toString());
    return merchant.createInvoice(body).path("id").asLong();
  }

  private JsonNode bankTransfer() {
    SettleHttp.Response read =
        api.get("/api/v1/customers/" + customerId + "/bank-transfer", merchant.adminKey);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    return read.body();
  }

  private JsonNode credit() {
    SettleHttp.Response read =
        api.get("/api/v1/customers/" + customerId + "/credit", merchant.adminKey);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    return read.body();
  }

  private void fund(long amount) throws StripeException {
    merchant
        .stripe
        .v1()
        .testHelpers()
        .customers()
        .fundCashBalance(
            stripeCustomer,
            CustomerFundCashBalanceParams.builder().setAmount(amount).setCurrency("usd").build());
  }

  private long cashBalanceAtStripe() throws StripeException {
    Long usd =
        merchant
            .stripe
            .v1()
            .customers()
            .cashBalance()
            .retrieve(stripeCustomer)
            .getAvailable()
            .get("usd");
    return usd == null ? 0 : usd;
  }

  private Event fundingEvent() throws StripeException {
    return merchant
        .stripe
        .v1()
        .events()
        .list(
            EventListParams.builder().setType("customer_cash_balance_transaction.created").build())
        .getData()
        .stream()
        .filter(event -> event.toJson().contains("\"funded\""))
        .findFirst()
        .orElseThrow();
  }
}
