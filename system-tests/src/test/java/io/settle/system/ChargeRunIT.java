package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentListParams;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Charging many invoices at once, on the real stack: each invoice through its own workflow, one
 * outcome each, and two runs over the same invoices never charge one twice.
 */
class ChargeRunIT {

  private final SettleStack stack = SettleStack.get();
  private SettleHttp api;
  private TestMerchant merchant;

  @BeforeEach
  void aMerchant() {
    api = new SettleHttp(stack.apiUrl());
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void aRunChargesWhatItCanAndSaysWhyForTheRest() throws Exception {
    long payable = merchant.invoiceForAPerson(merchant.customerPayingWith("pm_card_visa"), 2_100);
    long declining =
        merchant.invoiceForAPerson(
            merchant.customerPayingWith("pm_card_visa_chargeDeclined"), 2_200);
    long authenticating =
        merchant
            .createInvoice(
                merchant.customerPayingWith("pm_card_threeDSecure2Required"), List.of(2_300L))
            .path("id")
            .asLong();
    merchant.awaitStatus(authenticating, "REQUIRES_ACTION");

    JsonNode report = run(List.of(payable, declining, authenticating, payable));

    assertThat(report.path("total").asInt()).as("each invoice once").isEqualTo(3);
    assertThat(outcomeOf(report, payable).path("outcome").asText()).isEqualTo("CHARGED");
    assertThat(outcomeOf(report, declining).path("outcome").asText()).isEqualTo("DECLINED");
    assertThat(outcomeOf(report, authenticating).path("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(outcomeOf(report, authenticating).path("reason").asText())
        .isEqualTo("WAITING_ON_CUSTOMER");
    assertThat(merchant.awaitStatus(payable, "PAID").path("payments")).hasSize(1);
    assertThat(report.path("counts").path("CHARGED").asInt()).isEqualTo(1);
  }

  @Test
  void twoOverlappingRunsChargeEachInvoiceOnce() throws Exception {
    long first = merchant.invoiceForAPerson(merchant.customerPayingWith("pm_card_visa"), 3_100);
    long second = merchant.invoiceForAPerson(merchant.customerPayingWith("pm_card_visa"), 3_200);
    long third = merchant.invoiceForAPerson(merchant.customerPayingWith("pm_card_visa"), 3_300);
    List<Long> invoices = List.of(first, second, third);

    String one = start(Map.of("invoiceIds", invoices));
    String other = start(Map.of("invoiceIds", invoices.reversed()));
    JsonNode a = finished(one);
    JsonNode b = finished(other);

    for (long invoice : invoices) {
      assertThat(merchant.awaitStatus(invoice, "PAID").path("payments")).hasSize(1);
    }
    assertThat(a.path("counts").path("CHARGED").asInt() + b.path("counts").path("CHARGED").asInt())
        .isEqualTo(3);
    List<PaymentIntent> intents =
        merchant
            .stripe
            .v1()
            .paymentIntents()
            .list(PaymentIntentListParams.builder().setLimit(100L).build())
            .getData();
    assertThat(intents).as("one PaymentIntent per invoice at Stripe").hasSize(3);
  }

  @Test
  void aFilterPicksTheOverdueOnesAndBadInputIsRefused() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    Map<String, Object> overdue =
        new HashMap<>(TestMerchant.invoiceBody(customer, List.of(4_100L)));
    overdue.put("autopay", "OFF");
    overdue.put("dueDate", java.time.LocalDate.now().minusDays(3).toString());
    long late = merchant.createInvoice(overdue).path("id").asLong();
    long notYet = merchant.invoiceForAPerson(customer, 4_200);

    JsonNode report = finished(start(Map.of("overdue", true, "customerId", customer)));

    assertThat(report.path("total").asInt()).isEqualTo(1);
    assertThat(outcomeOf(report, late).path("outcome").asText()).isEqualTo("CHARGED");
    assertThat(merchant.readInvoice(notYet).path("status").asText()).isEqualTo("OPEN");

    SettleHttp.Response both =
        api.post(
            "/api/v1/charge-runs",
            merchant.adminKey,
            Map.of("invoiceIds", List.of(notYet), "overdue", true));
    assertThat(both.status()).as(both.raw()).isEqualTo(400);
    SettleHttp.Response none =
        api.post("/api/v1/charge-runs", merchant.adminKey, Map.of("customerId", 999_999_999L));
    assertThat(none.status()).as(none.raw()).isEqualTo(409);
    assertThat(api.get("/api/v1/charge-runs/cr_nosuchrun", merchant.adminKey).status())
        .isEqualTo(404);
  }

  private JsonNode run(List<Long> invoiceIds) {
    return finished(start(Map.of("invoiceIds", invoiceIds)));
  }

  private String start(Map<String, Object> body) {
    SettleHttp.Response started = api.post("/api/v1/charge-runs", merchant.adminKey, body);
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    assertThat(started.body().path("workflowId").asText()).startsWith("charge-run:cr_");
    return started.body().path("id").asText();
  }

  private JsonNode finished(String runId) {
    return finished(api, merchant, runId);
  }

  /** The charge run's report once it has COMPLETED. */
  static JsonNode finished(SettleHttp api, TestMerchant merchant, String runId) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> api.get("/api/v1/charge-runs/" + runId, merchant.adminKey).body(),
            run -> "COMPLETED".equals(run.path("status").asText()));
  }

  /** What the run's report says of one invoice. */
  static JsonNode outcomeOf(JsonNode report, long invoiceId) {
    for (JsonNode invoice : report.path("invoices")) {
      if (invoice.path("invoiceId").asLong() == invoiceId) {
        return invoice;
      }
    }
    throw new AssertionError("no outcome for invoice " + invoiceId + " in " + report);
  }
}
