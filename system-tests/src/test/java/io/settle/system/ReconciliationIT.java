package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.persistence.paymentmethod.PaymentMethodLabel;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.InvoiceState;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation janitor on the whole stack: it lists the merchant's PaymentIntents at the
 * simulator, compares them with MariaDB, and heals what it finds through the invoices' own
 * workflows on the Temporal dev server. The merchant here never registers its webhook endpoint, so
 * every webhook is lost and only the janitor (or a poll six hours later) can tell Settle.
 */
class ReconciliationIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());
  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void anAchDebitThatSucceededWithoutItsWebhookIsFoundAndPaidThroughTheInvoicesWorkflow()
      throws Exception {
    long customerId = merchant.customerPayingWith("pm_usBankAccount_success");
    long invoiceId = merchant.createInvoice(customerId, List.of(25_000L)).path("id").asLong();
    merchant.awaitStatus(invoiceId, "PROCESSING");
    String intent = merchant.workflow(invoiceId).status().attempts().get(0).paymentIntentId();
    stack.stripe().settleAch(intent, true);
    assertThat(merchant.intentsFor(invoiceId))
        .extracting(PaymentIntent::getStatus)
        .containsExactly("succeeded");
    assertThat(merchant.readInvoice(invoiceId).path("status").asText())
        .as("no webhook: Settle does not know yet")
        .isEqualTo("PROCESSING");

    JsonNode report = reconcile();

    assertThat(drift(report, "LOST_WEBHOOK")).isEqualTo(List.of(1, 1, 0));
    assertThat(report.path("findings"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("LOST_WEBHOOK");
              assertThat(f.path("outcome").asText()).isEqualTo("FIXED");
              assertThat(f.path("paymentIntentId").asText()).isEqualTo(intent);
              assertThat(f.path("invoiceId").asLong()).isEqualTo(invoiceId);
              assertThat(f.path("amount").asLong()).isEqualTo(25_000);
            });
    assertThat(report.path("intentsChecked").asInt()).isEqualTo(1);
    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode paid = merchant.readInvoice(invoiceId);
    assertThat(paid.path("payments")).hasSize(1);
    assertThat(paid.path("payments").get(0).path("amount").asLong()).isEqualTo(25_000);

    JsonNode again = reconcile();
    assertThat(again.path("findings")).as("nothing left to find").isEmpty();
    assertThat(metrics())
        .contains("settle_reconciliation_drift_total{")
        .containsPattern(
            "settle_reconciliation_drift_total\\{[^}]*kind=\"LOST_WEBHOOK\"[^}]*outcome=\"fixed\"");
  }

  @Test
  void anAchDebitThatFailedWithoutItsWebhookIsFoundAndTheInvoiceGoesOnToDunning() throws Exception {
    long customerId = merchant.customerPayingWith("pm_usBankAccount_success");
    long invoiceId = merchant.createInvoice(customerId, List.of(18_000L)).path("id").asLong();
    merchant.awaitStatus(invoiceId, "PROCESSING");
    String intent = merchant.workflow(invoiceId).status().attempts().get(0).paymentIntentId();
    stack.stripe().settleAch(intent, false);

    JsonNode report = reconcile();

    assertThat(drift(report, "LOST_WEBHOOK")).isEqualTo(List.of(1, 1, 0));
    JsonNode declined = merchant.awaitStatus(invoiceId, "OPEN");
    assertThat(declined.path("attempts").get(0).path("status").asText()).isEqualTo("DECLINED");
    assertThat(declined.path("payments")).isEmpty();
    assertThat(merchant.workflow(invoiceId).status().nextActionAt())
        .as("dunning's retry is planned")
        .isNotNull();
  }

  @Test
  void anOpenInvoiceWhoseWorkflowNeverStartedGetsOneAndIsCollected() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    // What an API that crashed between storing the invoice and starting its workflow leaves.
    long invoiceId =
        stack
            .apiBean(InvoiceRepository.class)
            .insert(
                new NewInvoice(
                    merchant.id,
                    "INV-" + UUID.randomUUID().toString().substring(0, 8),
                    customerId,
                    "USD",
                    LocalDate.now().plusDays(14),
                    "ON_CREATION",
                    List.of(new InvoiceLine(1, InvoiceLine.LineKind.ITEM, "Consulting", 4_200)),
                    PaymentMethodLabel.NONE,
                    null))
            .id();

    JsonNode report = reconcile();

    assertThat(drift(report, "MISSING_WORKFLOW")).isEqualTo(List.of(1, 1, 0));
    assertThat(report.path("invoicesChecked").asInt()).isEqualTo(1);
    JsonNode paid = merchant.awaitStatus(invoiceId, "PAID");
    assertThat(paid.path("payments")).hasSize(1);
  }

  @Test
  void anOpenInvoiceWhoseRunWasEndedIsFlaggedForAPersonNotStartedAgain() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.invoiceForAPerson(customerId, 3_000);
    merchant.awaitStatus(invoiceId, "OPEN");
    stack
        .workflowClient()
        .newUntypedWorkflowStub(WorkflowIds.invoicePayment(invoiceId))
        .terminate("an operator's mistake");

    JsonNode report = reconcile();

    assertThat(drift(report, "MISSING_WORKFLOW")).isEqualTo(List.of(1, 0, 1));
    assertThat(report.path("findings").get(0).path("detail").asText()).contains("terminated");
    assertThat(merchant.readInvoice(invoiceId).path("status").asText()).isEqualTo("OPEN");
  }

  @Test
  void aPaymentStripeDoesNotHaveIsFlaggedAndNothingIsChanged() throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long paymentId =
        stack
            .apiBean(PaymentRepository.class)
            .insertPaymentIfAbsent(
                merchant.id,
                customerId,
                null,
                "test-" + UUID.randomUUID(),
                1_500,
                "USD",
                "AUTO",
                "pi_never_made_" + UUID.randomUUID().toString().substring(0, 8));

    JsonNode report = reconcile();

    assertThat(drift(report, "PAYMENT_WITHOUT_INTENT")).isEqualTo(List.of(1, 0, 1));
    assertThat(report.path("findings").get(0).path("paymentId").asLong()).isEqualTo(paymentId);
    assertThat(report.path("findings").get(0).path("detail").asText())
        .contains("Stripe does not have");
  }

  @Test
  void everyMerchantHasADailyScheduleAndOnlyItsOwnRunsAreShown() throws Exception {
    ScheduleDescription schedule =
        stack
            .apiBean(ScheduleClient.class)
            .getHandle(WorkflowIds.reconciliation(merchant.id))
            .describe();
    assertThat(schedule.getSchedule().getSpec().getCalendars()).hasSize(1);

    JsonNode report = reconcile();
    TestMerchant other = TestMerchant.connect(stack);
    SettleHttp.Response foreign =
        api.get("/api/v1/ops/reconciliations/" + report.path("id").asText(), other.adminKey);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body().path("type").asText()).isNotBlank();
    SettleHttp.Response listed = api.get("/api/v1/ops/reconciliations", merchant.adminKey);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.raw()).contains(report.path("id").asText());

    SettleHttp.Response backwards =
        api.post(
            "/api/v1/ops/reconciliations",
            merchant.adminKey,
            Map.of("since", "2026-12-03T00:00:00Z", "until", "2026-12-02T00:00:00Z"));
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.raw()).contains("since");
  }

  /** Starts a run over the API and waits for its report. */
  private JsonNode reconcile() {
    SettleHttp.Response started =
        api.post("/api/v1/ops/reconciliations", merchant.adminKey, Map.of());
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    String id = started.body().path("id").asText();
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> api.get("/api/v1/ops/reconciliations/" + id, merchant.adminKey).body(),
            run -> "COMPLETED".equals(run.path("status").asText()));
  }

  /** found, fixed, flagged of one kind. */
  private static List<Integer> drift(JsonNode report, String kind) {
    for (JsonNode each : report.path("drift")) {
      if (kind.equals(each.path("kind").asText())) {
        return List.of(
            each.path("found").asInt(), each.path("fixed").asInt(), each.path("flagged").asInt());
      }
    }
    throw new AssertionError("no " + kind + " in " + report);
  }

  private String metrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.workerUrl() + "/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
