package io.settle.workflows.invoice;

import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger as rows in memory, idempotent by key like the real one: what the workflow wrote is
 * what the tests assert (attempts, payments, the fee line, the state shown on the invoice, and the
 * notifications published with it into the outbox).
 */
final class FakeLedger implements LedgerActivities {

  record Attempt(
      String key, int number, long amount, String paymentMethodId, ChargeResult outcome) {}

  record Payment(String key, long amount, String source) {}

  private final String defaultPaymentMethod;
  private final RecordingNotifications outbox;
  private long total;
  private long paid;
  private long fee;

  /** The customer's credit: what payments brought beyond what was owed, less what paid invoices. */
  private long credit;

  final Map<String, Attempt> attempts = new LinkedHashMap<>();
  final Map<String, Payment> payments = new LinkedHashMap<>();
  final List<InvoiceState> shown = new ArrayList<>();

  /** How many of the next beginAttempt calls fail as a database that went away would. */
  int beginAttemptOutages;

  FakeLedger(long total, String defaultPaymentMethod, RecordingNotifications outbox) {
    this.total = total;
    this.defaultPaymentMethod = defaultPaymentMethod;
    this.outbox = outbox;
  }

  @Override
  public synchronized ChargeRequest beginAttempt(AttemptStart start) {
    if (beginAttemptOutages > 0) {
      beginAttemptOutages--;
      throw new IllegalStateException("Socket error: the database restarted");
    }
    Attempt attempt =
        attempts.computeIfAbsent(
            start.idempotencyKey(),
            key ->
                new Attempt(
                    key,
                    start.attemptNumber(),
                    start.amount(),
                    start.paymentMethodId() != null
                        ? start.paymentMethodId()
                        : defaultPaymentMethod,
                    null));
    return new ChargeRequest(
        attempt.key(),
        7,
        start.invoiceId(),
        attempt.number(),
        attempt.amount(),
        "USD",
        "cus_1",
        attempt.paymentMethodId(),
        "Invoice INV-0042");
  }

  @Override
  public synchronized InvoiceBalance recordOutcome(String key, ChargeResult result) {
    Attempt attempt = attempts.get(key);
    attempts.put(
        key,
        new Attempt(key, attempt.number(), attempt.amount(), attempt.paymentMethodId(), result));
    if (result.outcome() == PaymentOutcome.SUCCEEDED && !payments.containsKey(key)) {
      payments.put(key, new Payment(key, attempt.amount(), "STRIPE"));
      allocate(attempt.amount());
    }
    return balance();
  }

  /** As the real ledger: up to what is owed; the rest is the customer's credit. */
  private void allocate(long amount) {
    long allocated = Math.min(amount, Math.max(0, total - paid));
    paid += allocated;
    credit += amount - allocated;
  }

  @Override
  public synchronized InvoiceBalance recordExternalPayment(
      long invoiceId, String key, ExternalPayment payment) {
    if (!payments.containsKey(key)) {
      payments.put(key, new Payment(key, payment.amount(), "EXTERNAL"));
      allocate(payment.amount());
    }
    return balance();
  }

  @Override
  public synchronized InvoiceBalance applyCredit(long invoiceId, String key) {
    long amount = Math.min(credit, Math.max(0, total - paid));
    if (amount > 0 && !payments.containsKey(key)) {
      payments.put(key, new Payment(key, amount, "CREDIT"));
      paid += amount;
      credit -= amount;
    }
    return balance();
  }

  synchronized void giveCredit(long amount) {
    credit += amount;
  }

  synchronized long credit() {
    return credit;
  }

  @Override
  public synchronized InvoiceBalance addProcessingFee(long invoiceId, long fee) {
    if (this.fee == 0) {
      this.fee = fee;
      total += fee;
    }
    return balance();
  }

  @Override
  public synchronized InvoiceBalance changeInvoice(long invoiceId, InvoiceChange change) {
    if (change.total() != null) {
      total = change.total();
    }
    return balance();
  }

  @Override
  public synchronized void publish(
      long invoiceId, InvoiceState state, List<Notification> notifications) {
    shown.add(state);
    notifications.forEach(outbox::notify);
  }

  synchronized long paid() {
    return paid;
  }

  synchronized long total() {
    return total;
  }

  synchronized long fee() {
    return fee;
  }

  synchronized InvoiceState lastShown() {
    return shown.isEmpty() ? null : shown.get(shown.size() - 1);
  }

  synchronized List<Attempt> attemptRows() {
    return List.copyOf(attempts.values());
  }

  private InvoiceBalance balance() {
    return new InvoiceBalance(total, paid, paid >= total ? "PAID" : "OPEN");
  }
}
