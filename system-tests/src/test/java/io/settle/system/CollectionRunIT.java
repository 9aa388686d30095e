package io.settle.system;

import static io.settle.system.RecurringInvoiceIT.monthly;
import static io.settle.system.RecurringInvoiceIT.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.param.PaymentMethodAttachParams;
import io.settle.workflows.WorkflowIds;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merchant's daily collection run on the real stack: its Schedule on the Temporal dev server,
 * fired by trigger, charging overdue template invoices through their own workflows.
 */
class CollectionRunIT {

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  private static final LocalDate LAST_MONTH = TODAY.minusMonths(1).withDayOfMonth(1);

  private final SettleStack stack = SettleStack.get();
  private final ScheduleClient schedules = stack.apiBean(ScheduleClient.class);
  private SettleHttp api;
  private TestMerchant merchant;

  @BeforeEach
  void aMerchant() {
    api = new SettleHttp(stack.apiUrl());
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void theDailyRunChargesAnOverdueDeclinedInvoiceAndSkipsThoseWaitingBesideAManualRun()
      throws Exception {
    long declined =
        overdueTemplateInvoice(merchant.customerPayingWith("pm_card_visa_chargeDeclined"));
    long authenticating =
        overdueTemplateInvoice(merchant.customerPayingWith("pm_card_threeDSecure2Required"));
    long processing =
        overdueTemplateInvoice(merchant.customerPayingWith("pm_usBankAccount_success"));
    merchant.awaitFirstAttemptOutcome(declined);
    merchant.awaitStatus(authenticating, "REQUIRES_ACTION");
    merchant.awaitStatus(processing, "PROCESSING");
    long sentByTheHost =
        overdueSentInvoice(merchant.customerPayingWith("pm_card_visa_chargeDeclined"));
    // The customer of the declined invoice saves a working card, as at Stripe's hosted page.
    makeDefault(merchant.readInvoice(declined).path("customerId").asLong(), "pm_card_visa");

    SettleHttp.Response settings =
        api.put(
            "/api/v1/merchants/me/recurring-settings",
            merchant.adminKey,
            Map.of(
                "timeZone", "UTC",
                "autopayRecurringInvoices", "ON_CREATION",
                "collectionRun", Map.of("enabled", true, "hour", 9)));
    assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
    assertThat(settings.body().path("collectionRun").path("scheduleId").asText())
        .isEqualTo("collection-run:" + merchant.id);

    // The daily run fires, and an agent presses CHARGE on the same invoices at the same time.
    schedules.getHandle(WorkflowIds.collectionRun(merchant.id)).trigger();
    SettleHttp.Response manual =
        api.post(
            "/api/v1/charge-runs",
            merchant.adminKey,
            Map.of("invoiceIds", List.of(processing, authenticating, declined)));
    assertThat(manual.status()).as(manual.raw()).isEqualTo(202);

    JsonNode daily = finished(dailyRunId());
    JsonNode other = finished(manual.body().path("id").asText());

    assertThat(daily.path("total").asInt()).as("only overdue template invoices").isEqualTo(3);
    assertThat(outcomeOf(daily, authenticating).path("reason").asText())
        .isEqualTo("WAITING_ON_CUSTOMER");
    assertThat(outcomeOf(daily, processing).path("reason").asText()).isEqualTo("PAYMENT_PENDING");
    assertThat(
            List.of(
                outcomeOf(daily, declined).path("outcome").asText(),
                outcomeOf(other, declined).path("outcome").asText()))
        .as("one of the two runs charged it; the other found nothing owed or a payment under way")
        .contains("CHARGED")
        .containsOnlyOnce("CHARGED");
    assertThat(merchant.awaitStatus(declined, "PAID").path("payments")).hasSize(1);
    assertThat(merchant.intentsFor(declined)).as("the decline, then one charge").hasSize(2);
    assertThat(merchant.intentsFor(authenticating)).hasSize(1);
    assertThat(merchant.intentsFor(processing)).hasSize(1);
    assertThat(merchant.readInvoice(sentByTheHost).path("attempts")).hasSize(1);

    // Temporal reports its metrics scope every few seconds, not at once.
    String metrics =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> scrape(stack.workerUrl() + "/actuator/prometheus"),
                scraped -> scraped.contains("reason=\"waiting_on_customer\""));
    assertThat(metrics)
        .contains("settle_charge_run_invoices_total{")
        .contains("reason=\"waiting_on_customer\"")
        .contains("settle_recurring_invoices_total{");

    SettleHttp.Response off =
        api.put(
            "/api/v1/merchants/me/recurring-settings",
            merchant.adminKey,
            Map.of(
                "timeZone", "UTC",
                "autopayRecurringInvoices", "ON_CREATION",
                "collectionRun", Map.of("enabled", false, "hour", 9)));
    assertThat(off.status()).as(off.raw()).isEqualTo(200);
    assertThat(schedules.listSchedules().map(s -> s.getScheduleId()))
        .doesNotContain(WorkflowIds.collectionRun(merchant.id));
  }

  /** A template for the customer, its last month's invoice backfilled: due then, so overdue. */
  private long overdueTemplateInvoice(long customer) {
    SettleHttp.Response created =
        api.post(
            "/api/v1/recurring-invoices",
            merchant.adminKey,
            template(customer, monthly(1), LAST_MONTH, 0, "ON_CREATION"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long template = created.body().path("id").asLong();
    SettleHttp.Response backfill =
        api.post(
            "/api/v1/recurring-invoices/" + template + "/backfill",
            merchant.adminKey,
            Map.of("from", LAST_MONTH.toString(), "to", LAST_MONTH.toString()));
    assertThat(backfill.status()).as(backfill.raw()).isEqualTo(202);
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.get("/api/v1/invoices?recurringInvoiceId=" + template, merchant.adminKey)
                    .body()
                    .path("data"),
            data -> data.size() == 1)
        .get(0)
        .path("id")
        .asLong();
  }

  /** An overdue invoice the host app sent, whose charge at creation declines. */
  private long overdueSentInvoice(long customer) {
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customer, List.of(1_500L)));
    body.put("dueDate", LAST_MONTH.toString());
    long id = merchant.createInvoice(body).path("id").asLong();
    merchant.awaitFirstAttemptOutcome(id);
    return id;
  }

  private void makeDefault(long customerId, String testCard) throws Exception {
    String stripeCustomer =
        api.get("/api/v1/customers/" + customerId, merchant.adminKey)
            .body()
            .path("stripeCustomerId")
            .asText();
    String card =
        merchant
            .stripe
            .v1()
            .paymentMethods()
            .attach(
                testCard, PaymentMethodAttachParams.builder().setCustomer(stripeCustomer).build())
            .getId();
    assertThat(
            api.post(
                    "/api/v1/customers/" + customerId + "/payment-methods/import",
                    merchant.adminKey,
                    Map.of())
                .status())
        .isEqualTo(200);
    SettleHttp.Response chosen =
        api.put(
            "/api/v1/customers/" + customerId + "/payment-methods/" + card + "/default",
            merchant.adminKey,
            Map.of());
    assertThat(chosen.status()).as(chosen.raw()).isEqualTo(200);
  }

  /** The charge run the daily Schedule started: its id, from the workflow it started. */
  private String dailyRunId() {
    String workflowId =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    schedules
                        .getHandle(WorkflowIds.collectionRun(merchant.id))
                        .describe()
                        .getInfo()
                        .getRecentActions()
                        .stream()
                        .map(
                            a ->
                                ((ScheduleActionExecutionStartWorkflow) a.getAction())
                                    .getWorkflowId())
                        .findFirst()
                        .orElse(null),
                id -> id != null);
    assertThat(workflowId).startsWith("charge-run:daily-" + merchant.id + "-");
    return WorkflowIds.chargeRunIdOf(workflowId);
  }

  private JsonNode finished(String runId) {
    return ChargeRunIT.finished(api, merchant, runId);
  }

  private static JsonNode outcomeOf(JsonNode report, long invoiceId) {
    return ChargeRunIT.outcomeOf(report, invoiceId);
  }

  private static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
