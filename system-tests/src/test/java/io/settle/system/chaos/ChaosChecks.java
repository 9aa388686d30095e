package io.settle.system.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.system.chaos.Ledger.Invoice;
import io.settle.system.chaos.Ledger.Payment;
import io.settle.system.chaos.StripeSide.Intent;
import io.settle.workflows.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The promises a chaos run checks, on what Stripe and Settle hold once it is quiet: nothing charged
 * twice or more than owed, every succeeded PaymentIntent recorded once, every event handed over,
 * every open invoice with its run, no secret shown, and the janitor agreeing.
 */
final class ChaosChecks {

  private static final Set<String> CLOSED = Set.of("PAID", "VOID", "UNCOLLECTIBLE");

  /** What Stripe and Settle hold at one moment. */
  record Facts(
      Instant at,
      List<Intent> intents,
      List<Payment> payments,
      List<Invoice> invoices,
      List<Ledger.Attempt> attempts,
      List<String> unfinishedEvents,
      Map<String, Long> eventStates,
      Set<Long> openWithoutRun) {

    List<Intent> succeeded() {
      return intents.stream().filter(i -> "succeeded".equals(i.status())).toList();
    }

    Map<String, List<Payment>> paymentsByIntent() {
      return payments.stream()
          .filter(p -> p.paymentIntentId() != null)
          .collect(Collectors.groupingBy(Payment::paymentIntentId));
    }

    /** Succeeded PaymentIntents with no payment row: lost, as far as the ledger knows. */
    Set<String> succeededWithoutPayment() {
      Map<String, List<Payment>> byIntent = paymentsByIntent();
      return succeeded().stream()
          .map(Intent::id)
          .filter(id -> !byIntent.containsKey(id))
          .collect(Collectors.toSet());
    }

    /**
     * PaymentIntents that failed or were canceled at Stripe while Settle's attempt still waits on
     * them: their failure webhook was lost, as far as the ledger knows.
     */
    Set<String> failedWhileAttemptWaits() {
      Map<String, String> status =
          intents.stream().collect(Collectors.toMap(Intent::id, Intent::status, (a, b) -> a));
      return attempts.stream()
          .filter(a -> Set.of("PROCESSING", "REQUIRES_ACTION").contains(a.status()))
          .filter(a -> a.paymentIntentId() != null)
          .filter(
              a ->
                  Set.of("requires_payment_method", "canceled")
                      .contains(status.get(a.paymentIntentId())))
          .map(Ledger.Attempt::paymentIntentId)
          .collect(Collectors.toSet());
    }

    /** Payments whose PaymentIntent is not a succeeded one at Stripe. */
    Set<String> paymentsWithoutSucceededIntent() {
      Set<String> succeeded = succeeded().stream().map(Intent::id).collect(Collectors.toSet());
      return payments.stream()
          .filter(p -> p.paymentIntentId() != null && !succeeded.contains(p.paymentIntentId()))
          .map(p -> p.paymentIntentId())
          .collect(Collectors.toSet());
    }

    /** Succeeded PaymentIntents whose payment row has another amount. */
    Set<String> amountMismatches() {
      Map<String, List<Payment>> byIntent = paymentsByIntent();
      return succeeded().stream()
          .filter(
              i ->
                  byIntent.getOrDefault(i.id(), List.of()).stream()
                      .anyMatch(p -> p.amount() != i.amount()))
          .map(Intent::id)
          .collect(Collectors.toSet());
    }
  }

  /** Open invoices whose workflow is not running (ended, or never started). */
  static Set<Long> openWithoutRunningWorkflow(WorkflowClient client, List<Invoice> invoices) {
    Set<Long> without = new HashSet<>();
    for (Invoice invoice : invoices) {
      if (CLOSED.contains(invoice.status())) {
        continue;
      }
      if (!running(client, invoice.id())) {
        without.add(invoice.id());
      }
    }
    return without;
  }

  private static boolean running(WorkflowClient client, long invoiceId) {
    try {
      WorkflowExecutionStatus status =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(WorkflowIds.invoicePayment(invoiceId)))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private final Facts before;
  private final Facts after;
  private final JsonNode janitor;
  private final List<JsonNode> dropped;
  private final List<String> apiLeaks;
  private final long apiAnswers;
  private final List<String> logLeaks;
  private final int logFiles;

  ChaosChecks(
      Facts before,
      Facts after,
      JsonNode janitor,
      List<JsonNode> dropped,
      List<String> apiLeaks,
      long apiAnswers,
      List<String> logLeaks,
      int logFiles) {
    this.before = before;
    this.after = after;
    this.janitor = janitor;
    this.dropped = dropped;
    this.apiLeaks = apiLeaks;
    this.apiAnswers = apiAnswers;
    this.logLeaks = logLeaks;
    this.logFiles = logFiles;
  }

  ChaosTable table() {
    ChaosTable table = new ChaosTable();
    chargedAtMostWhatWasOwed(table);
    oneIntentPerAttempt(table);
    everySucceededIntentRecordedOnce(table);
    everyPaymentHasItsIntent(table);
    everyPaidInvoiceCovered(table);
    everyEventHandedOver(table);
    everyOpenInvoiceRunning(table);
    table.add("no secret in a log of the run (files)", logFiles, logLeaks);
    table.add("no secret in an API answer the run received", apiAnswers, apiLeaks);
    deliveredWebhooksApplied(table);
    janitorAgrees(table);
    return table;
  }

  private void chargedAtMostWhatWasOwed(ChaosTable table) {
    Map<String, Long> charged = new HashMap<>();
    for (Intent intent : after.succeeded()) {
      if (intent.invoiceId() != null) {
        charged.merge(intent.invoiceId(), intent.amount(), Long::sum);
      }
    }
    List<String> gaps = new ArrayList<>();
    for (Invoice invoice : after.invoices()) {
      long atStripe = charged.getOrDefault(Long.toString(invoice.id()), 0L);
      if (atStripe > invoice.total() || invoice.amountPaid() > invoice.total()) {
        gaps.add(
            "invoice %d owes %d: %d succeeded at Stripe, %d recorded paid"
                .formatted(invoice.id(), invoice.total(), atStripe, invoice.amountPaid()));
      }
    }
    table.add("no invoice charged more than it owed (invoices)", after.invoices().size(), gaps);
  }

  private void oneIntentPerAttempt(ChaosTable table) {
    Map<String, List<String>> byKey = new TreeMap<>();
    List<String> gaps = new ArrayList<>();
    for (Intent intent : after.intents()) {
      if (intent.idempotencyKey() == null) {
        gaps.add(intent.id() + " carries no settle_idempotency_key");
      } else {
        byKey.computeIfAbsent(intent.idempotencyKey(), k -> new ArrayList<>()).add(intent.id());
      }
    }
    byKey.forEach(
        (key, intents) -> {
          if (intents.size() > 1) {
            gaps.add("attempt " + key + " made " + intents);
          }
        });
    table.add("no attempt made two PaymentIntents (attempts)", byKey.size(), gaps);
  }

  private void everySucceededIntentRecordedOnce(ChaosTable table) {
    Map<String, List<Payment>> byIntent = after.paymentsByIntent();
    List<String> gaps = new ArrayList<>();
    for (Intent intent : after.succeeded()) {
      List<Payment> payments = byIntent.getOrDefault(intent.id(), List.of());
      if (payments.size() != 1) {
        gaps.add(
            "%s (invoice %s, %d) has %d payment rows"
                .formatted(intent.id(), intent.invoiceId(), intent.amount(), payments.size()));
      } else if (payments.get(0).amount() != intent.amount()) {
        gaps.add(
            "%s (invoice %s) is %d at Stripe, payment %d is %d"
                .formatted(
                    intent.id(),
                    intent.invoiceId(),
                    intent.amount(),
                    payments.get(0).id(),
                    payments.get(0).amount()));
      }
    }
    table.add(
        "every succeeded PaymentIntent has one payment, same amount (intents)",
        after.succeeded().size(),
        gaps);
  }

  private void everyPaymentHasItsIntent(ChaosTable table) {
    List<String> gaps =
        after.paymentsWithoutSucceededIntent().stream()
            .sorted()
            .map(id -> "a payment records " + id + ", not a succeeded PaymentIntent at Stripe")
            .toList();
    table.add(
        "every payment is a succeeded PaymentIntent (payments)", after.payments().size(), gaps);
  }

  private void everyPaidInvoiceCovered(ChaosTable table) {
    Map<String, Long> covered = new HashMap<>();
    for (Intent intent : after.succeeded()) {
      if (intent.invoiceId() != null) {
        covered.merge(intent.invoiceId(), intent.amount(), Long::sum);
      }
    }
    List<Invoice> paid = after.invoices().stream().filter(i -> "PAID".equals(i.status())).toList();
    List<String> gaps = new ArrayList<>();
    for (Invoice invoice : paid) {
      long atStripe = covered.getOrDefault(Long.toString(invoice.id()), 0L);
      if (atStripe < invoice.total()) {
        gaps.add(
            "invoice %d is PAID for %d, Stripe took %d"
                .formatted(invoice.id(), invoice.total(), atStripe));
      }
    }
    table.add("every PAID invoice covered by succeeded PaymentIntents (paid)", paid.size(), gaps);
  }

  private void everyEventHandedOver(ChaosTable table) {
    long stored = after.eventStates().values().stream().mapToLong(Long::longValue).sum();
    table.add(
        "every stored webhook event DISPATCHED or IGNORED (events " + after.eventStates() + ")",
        stored,
        after.unfinishedEvents());
  }

  private void everyOpenInvoiceRunning(ChaosTable table) {
    long open = after.invoices().stream().filter(i -> !CLOSED.contains(i.status())).count();
    List<String> gaps =
        after.openWithoutRun().stream()
            .sorted()
            .map(id -> "invoice " + id + " is open without a running workflow")
            .toList();
    table.add("every open invoice has a running workflow (open)", open, gaps);
  }

  /**
   * Before the janitor: every succeeded PaymentIntent whose {@code payment_intent.succeeded} was
   * not dropped has its payment. Settle applied what reached it, without the janitor's help.
   */
  private void deliveredWebhooksApplied(ChaosTable table) {
    Set<String> droppedIntents = droppedSucceeded();
    List<String> gaps =
        before.succeededWithoutPayment().stream()
            .filter(id -> !droppedIntents.contains(id))
            .sorted()
            .map(
                id -> id + " succeeded and its webhook was sent, but no payment before the janitor")
            .toList();
    table.add(
        "before the janitor, each succeeded PaymentIntent not dropped was recorded (intents)",
        before.succeeded().size(),
        gaps);
  }

  private Set<String> droppedSucceeded() {
    return dropped.stream()
        .filter(d -> "payment_intent.succeeded".equals(d.path("type").asText()))
        .map(d -> d.path("payment_intent").asText())
        .collect(Collectors.toSet());
  }

  private void janitorAgrees(ChaosTable table) {
    if (janitor == null || !"COMPLETED".equals(janitor.path("status").asText())) {
      table.add(
          "the janitor ran to COMPLETED",
          1,
          List.of(janitor == null ? "it did not start" : "it ended " + janitor));
      return;
    }
    table.add("the janitor ran to COMPLETED", 1, List.of());
    List<JsonNode> findings = new ArrayList<>();
    janitor.path("findings").forEach(findings::add);

    // Every dropped payment_intent.succeeded that left no payment: found, fixed, and paid now.
    Set<String> fixedLost =
        findings.stream()
            .filter(f -> "LOST_WEBHOOK".equals(f.path("kind").asText()))
            .filter(f -> "FIXED".equals(f.path("outcome").asText()))
            .map(f -> f.path("paymentIntentId").asText())
            .collect(Collectors.toSet());
    Set<String> lost = new HashSet<>(droppedSucceeded());
    lost.retainAll(before.succeededWithoutPayment());
    Map<String, List<Payment>> afterPayments = after.paymentsByIntent();
    List<String> gaps = new ArrayList<>();
    for (String intent : lost.stream().sorted().toList()) {
      if (!fixedLost.contains(intent)) {
        gaps.add(intent + ": its succeeded webhook was dropped and the janitor did not fix it");
      } else if (afterPayments.getOrDefault(intent, List.of()).size() != 1) {
        gaps.add(intent + ": fixed by the janitor, but has no payment row after it");
      }
    }
    table.add(
        "every lost succeeded webhook found and FIXED by the janitor (lost)", lost.size(), gaps);

    // Nothing it reports that the checks did not find before it ran.
    List<String> unexplained = new ArrayList<>();
    for (JsonNode finding : findings) {
      String kind = finding.path("kind").asText();
      String intent = finding.path("paymentIntentId").asText(null);
      long invoice = finding.path("invoiceId").asLong(-1);
      boolean explained =
          switch (kind) {
            case "LOST_WEBHOOK" ->
                before.succeededWithoutPayment().contains(intent)
                    || before.failedWhileAttemptWaits().contains(intent);
            case "PAYMENT_WITHOUT_INTENT" ->
                before.paymentsWithoutSucceededIntent().contains(intent);
            case "AMOUNT_MISMATCH" -> before.amountMismatches().contains(intent);
            case "MISSING_WORKFLOW" -> before.openWithoutRun().contains(invoice);
            default -> false; // UNKNOWN_ATTEMPT, UNMATCHED_INTENT: nothing the checks saw
          };
      if (!explained) {
        unexplained.add(
            "%s %s invoice %d %s: %s"
                .formatted(
                    kind,
                    finding.path("outcome").asText(),
                    invoice,
                    intent,
                    finding.path("detail").asText()));
      }
    }
    table.add(
        "the janitor reports no drift the checks did not find (findings)",
        findings.size(),
        unexplained);
  }
}
