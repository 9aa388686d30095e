package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.settle.workflows.WorkflowIds;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring invoice templates on the real stack: each a Schedule on the Temporal dev server, fired
 * by its trigger and backfill (never by waiting), making one invoice per period on MariaDB, charged
 * through the simulator.
 */
class RecurringInvoiceIT {

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

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
  void aTriggeredTemplateMakesItsPeriodsInvoiceOnceAndChargesItAtCreation() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    LocalDate start = TODAY.minusMonths(2);
    int day = Math.min(start.getDayOfMonth(), 28);
    JsonNode template =
        create(template(customer, monthly(day), start.withDayOfMonth(day), 14, "ON_CREATION"));
    long id = template.path("id").asLong();
    assertThat(template.path("scheduleId").asText()).isEqualTo("recurring-invoice:" + id);
    String label = template.path("autopayMethodLabel").asText();
    assertThat(label).isNotEqualTo("No automatic payment setup");
    assertThat(template.path("status").asText()).isEqualTo("ACTIVE");

    SettleHttp.Response triggered =
        api.post("/api/v1/recurring-invoices/" + id + "/trigger", merchant.adminKey, Map.of());
    assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
    LocalDate periodStart = LocalDate.parse(triggered.body().path("periodStart").asText());
    assertThat(periodStart).isBeforeOrEqualTo(TODAY).isAfter(TODAY.minusMonths(1));
    assertThat(periodStart.getDayOfMonth()).isEqualTo(day);

    JsonNode invoice = merchant.awaitStatus(onlyInvoiceOf(id).path("id").asLong(), "PAID");
    assertThat(invoice.path("number").asText()).isEqualTo("R" + id + "-" + periodStart);
    assertThat(invoice.path("recurringInvoiceId").asLong()).isEqualTo(id);
    assertThat(invoice.path("period").path("start").asText()).isEqualTo(periodStart.toString());
    assertThat(invoice.path("period").path("end").asText())
        .isEqualTo(periodStart.plusMonths(1).minusDays(1).toString());
    assertThat(invoice.path("dueDate").asText()).isEqualTo(TODAY.plusDays(14).toString());
    assertThat(invoice.path("autopay").asText()).isEqualTo("ON_CREATION");
    assertThat(invoice.path("autopayMethodLabel").asText()).isEqualTo(label);
    assertThat(invoice.path("total").asLong()).isEqualTo(4_900);

    // The same period again: the Schedule fires, and nothing new is made or charged.
    int firings = actions(id);
    assertThat(
            api.post("/api/v1/recurring-invoices/" + id + "/trigger", merchant.adminKey, Map.of())
                .status())
        .isEqualTo(202);
    awaitRecurringRunsDone(id, firings + 1);
    assertThat(invoicesOf(id)).hasSize(1);
    assertThat(merchant.intentsFor(invoice.path("id").asLong())).hasSize(1);
  }

  @Test
  void aTemplateChargedOnTheDueDateWaitsForIt() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long id =
        create(template(customer, weekly(TODAY.getDayOfWeek().name()), TODAY, 30, "ON_DUE_DATE"))
            .path("id")
            .asLong();

    trigger(id);
    JsonNode invoice = onlyInvoiceOf(id);
    assertThat(invoice.path("autopay").asText()).isEqualTo("ON_DUE_DATE");
    assertThat(invoice.path("dueDate").asText()).isEqualTo(TODAY.plusDays(30).toString());
    assertThat(invoice.path("period").path("end").asText())
        .isEqualTo(TODAY.plusWeeks(1).minusDays(1).toString());
    assertThat(merchant.readInvoice(invoice.path("id").asLong()).path("attempts")).isEmpty();
  }

  @Test
  void aBackfillOfThreePastMonthsMakesThreeInvoicesAndASecondBackfillNone() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    LocalDate start = TODAY.minusMonths(4).withDayOfMonth(1);
    long id = create(template(customer, monthly(1), start, 0, "OFF")).path("id").asLong();
    LocalDate from = TODAY.minusMonths(3).withDayOfMonth(1);
    LocalDate to = TODAY.minusMonths(1).withDayOfMonth(1);

    SettleHttp.Response backfill =
        api.post(
            "/api/v1/recurring-invoices/" + id + "/backfill",
            merchant.adminKey,
            Map.of("from", from.toString(), "to", to.toString()));
    assertThat(backfill.status()).as(backfill.raw()).isEqualTo(202);
    assertThat(backfill.body().path("invoices")).hasSize(3);

    List<JsonNode> made =
        await().atMost(Duration.ofSeconds(60)).until(() -> invoicesOf(id), l -> l.size() == 3);
    assertThat(made)
        .extracting(i -> i.path("number").asText())
        .containsExactlyInAnyOrder(
            "R" + id + "-" + from, "R" + id + "-" + from.plusMonths(1), "R" + id + "-" + to);
    assertThat(made)
        .allSatisfy(
            i ->
                assertThat(i.path("dueDate").asText())
                    .isEqualTo(i.path("period").path("start").asText()));

    // A backfill's runs are named by their nominal times, so the same backfill again names the
    // same runs. Temporal does not start (or count) one whose namesake is still running, so the
    // first backfill's runs must have closed before the second is sent.
    awaitRecurringRunsDone(id, 3);
    int firings = actions(id);
    api.post(
        "/api/v1/recurring-invoices/" + id + "/backfill",
        merchant.adminKey,
        Map.of("from", from.toString(), "to", to.toString()));
    awaitRecurringRunsDone(id, firings + 3);
    assertThat(invoicesOf(id)).hasSize(3);
  }

  @Test
  void aPausedTemplateMakesNothingAndItsScheduleShowsWhy() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    long id =
        create(template(customer, monthly(1), TODAY.minusMonths(1).withDayOfMonth(1), 0, "OFF"))
            .path("id")
            .asLong();

    SettleHttp.Response paused =
        api.post(
            "/api/v1/recurring-invoices/" + id + "/pause",
            merchant.adminKey,
            Map.of("note", "Customer disputes the contract"));
    assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
    assertThat(paused.body().path("status").asText()).isEqualTo("PAUSED");
    ScheduleDescription described =
        schedules.getHandle(WorkflowIds.recurringInvoice(id)).describe();
    assertThat(described.getSchedule().getState().isPaused()).isTrue();
    assertThat(described.getSchedule().getState().getNote())
        .isEqualTo("Customer disputes the contract");
    assertThat(
            api.post("/api/v1/recurring-invoices/" + id + "/trigger", merchant.adminKey, Map.of())
                .status())
        .isEqualTo(409);

    // Forced past the API, straight at the Schedule, the firing still makes no invoice.
    schedules.getHandle(WorkflowIds.recurringInvoice(id)).trigger();
    awaitRecurringRunsDone(id, 1);
    assertThat(invoicesOf(id)).isEmpty();

    SettleHttp.Response resumed =
        api.post("/api/v1/recurring-invoices/" + id + "/resume", merchant.adminKey, Map.of());
    assertThat(resumed.body().path("status").asText()).isEqualTo("ACTIVE");
    assertThat(
            schedules
                .getHandle(WorkflowIds.recurringInvoice(id))
                .describe()
                .getSchedule()
                .getState()
                .isPaused())
        .isFalse();
  }

  @Test
  void badTemplatesAreRefusedAndDeletingOneLeavesItsInvoicesAlone() throws Exception {
    long customer = merchant.customerPayingWith("pm_card_visa");
    Map<String, Object> badCadence = template(customer, monthly(31), TODAY, 0, "OFF");
    SettleHttp.Response invalid =
        api.post("/api/v1/recurring-invoices", merchant.adminKey, badCadence);
    assertThat(invalid.status()).as(invalid.raw()).isEqualTo(400);
    assertThat(invalid.raw()).contains("cadence.kind").contains("dayOfMonth 1 to 28");
    SettleHttp.Response badZone =
        api.post(
            "/api/v1/recurring-invoices",
            merchant.adminKey,
            with(template(customer, monthly(1), TODAY, 0, "OFF"), "timeZone", "Mars/Olympus"));
    assertThat(badZone.status()).as(badZone.raw()).isEqualTo(400);

    SettleHttp.Response unmapped =
        api.post(
            "/api/v1/customers",
            merchant.adminKey,
            Map.of("name", "Not at Stripe", "email", "n@x.test"));
    assertThat(unmapped.status()).as(unmapped.raw()).isEqualTo(201);
    SettleHttp.Response refused =
        api.post(
            "/api/v1/recurring-invoices",
            merchant.adminKey,
            template(unmapped.body().path("id").asLong(), monthly(1), TODAY, 0, "OFF"));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().path("type").asText()).endsWith("customer-not-mapped");

    long id =
        create(template(customer, monthly(1), TODAY.minusMonths(1).withDayOfMonth(1), 0, "OFF"))
            .path("id")
            .asLong();
    SettleHttp.Response changed =
        api.patch(
            "/api/v1/recurring-invoices/" + id,
            merchant.adminKey,
            Map.of("numberPrefix", "ACME", "paymentTerms", 7));
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.body().path("numberPrefix").asText()).isEqualTo("ACME");
    assertThat(
            api.patch(
                    "/api/v1/recurring-invoices/" + id,
                    merchant.adminKey,
                    Map.of("cadence", Map.of("kind", "WEEKLY")))
                .status())
        .isEqualTo(400);
    trigger(id);
    JsonNode invoice = onlyInvoiceOf(id);
    assertThat(invoice.path("number").asText()).startsWith("ACME-");

    SettleHttp.Response deleted = api.delete("/api/v1/recurring-invoices/" + id, merchant.adminKey);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
    assertThat(api.get("/api/v1/recurring-invoices/" + id, merchant.adminKey).status())
        .isEqualTo(404);
    assertThat(merchant.readInvoice(invoice.path("id").asLong()).path("status").asText())
        .isEqualTo("OPEN");
    // Asked by id, not listed: Temporal's schedule list catches up with a deletion a moment later.
    assertThatThrownBy(() -> schedules.getHandle(WorkflowIds.recurringInvoice(id)).describe())
        .as("the template's Schedule is deleted")
        .isInstanceOf(io.temporal.client.schedules.ScheduleException.class);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private JsonNode create(Map<String, Object> body) {
    SettleHttp.Response created = api.post("/api/v1/recurring-invoices", merchant.adminKey, body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body();
  }

  private void trigger(long id) {
    int firings = actions(id);
    SettleHttp.Response triggered =
        api.post("/api/v1/recurring-invoices/" + id + "/trigger", merchant.adminKey, Map.of());
    assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
    awaitRecurringRunsDone(id, firings + 1);
  }

  static Map<String, Object> template(
      long customer, Map<String, Object> cadence, LocalDate start, int terms, String autopay) {
    Map<String, Object> body = new HashMap<>();
    body.put("customerId", customer);
    body.put("currency", "USD");
    body.put("cadence", cadence);
    body.put("timeZone", "UTC");
    body.put("startDate", start.toString());
    body.put("paymentTerms", terms);
    body.put("autopay", autopay);
    body.put(
        "lines",
        List.of(
            Map.of("description", "Support plan", "amount", 4_000),
            Map.of("description", "Hosting", "amount", 900)));
    return body;
  }

  static Map<String, Object> monthly(int day) {
    return Map.of("kind", "MONTHLY", "dayOfMonth", day);
  }

  static Map<String, Object> weekly(String weekday) {
    return Map.of("kind", "WEEKLY", "everyWeeks", 1, "weekday", weekday);
  }

  private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(body);
    copy.put(key, value);
    return copy;
  }

  private List<JsonNode> invoicesOf(long templateId) {
    SettleHttp.Response page =
        api.get("/api/v1/invoices?recurringInvoiceId=" + templateId, merchant.adminKey);
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    List<JsonNode> invoices = new ArrayList<>();
    page.body().path("data").forEach(invoices::add);
    return invoices;
  }

  private JsonNode onlyInvoiceOf(long templateId) {
    List<JsonNode> invoices =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> invoicesOf(templateId), l -> !l.isEmpty());
    assertThat(invoices).hasSize(1);
    return merchant.readInvoice(invoices.get(0).path("id").asLong());
  }

  /** How many times the template's Schedule has fired. */
  private int actions(long templateId) {
    return (int)
        schedules
            .getHandle(WorkflowIds.recurringInvoice(templateId))
            .describe()
            .getInfo()
            .getNumActions();
  }

  /** Waits until the Schedule has fired {@code count} times and none of its runs is running. */
  private void awaitRecurringRunsDone(long templateId, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var info =
                  schedules
                      .getHandle(WorkflowIds.recurringInvoice(templateId))
                      .describe()
                      .getInfo();
              if (info.getNumActions() < count || !info.getRunningActions().isEmpty()) {
                return false;
              }
              // A started run is done when its workflow has closed.
              return info.getRecentActions().stream()
                  .map(action -> (ScheduleActionExecutionStartWorkflow) action.getAction())
                  .allMatch(
                      run ->
                          stack
                                  .workflowClient()
                                  .newUntypedWorkflowStub(run.getWorkflowId())
                                  .describe()
                                  .getStatus()
                              != io.temporal.api.enums.v1.WorkflowExecutionStatus
                                  .WORKFLOW_EXECUTION_STATUS_RUNNING);
            });
  }
}
