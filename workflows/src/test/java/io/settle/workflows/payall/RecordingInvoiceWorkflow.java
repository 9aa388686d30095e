package io.settle.workflows.payall;

import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.workflow.Workflow;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for invoice workflows in the pay-all tests: runs until told to stop, and records the
 * pay-all signals it gets as "settled:<invoice>:<batch>:<amount>" or "released:<invoice>:<batch>",
 * in no particular order (each invoice's workflow takes its signal on its own).
 */
public class RecordingInvoiceWorkflow implements InvoicePaymentWorkflow {

  // A set: a handler replayed after a cache eviction records the same signal again.
  static final Set<String> SIGNALS = ConcurrentHashMap.newKeySet();

  private boolean done;

  /**
   * The signals, once {@code count} have been taken: a pay-all run ends when its signals are in the
   * invoices' histories, a moment before their workflows take them. Waits at most 10 s, then
   * answers what there is, for the assertion to judge.
   */
  static Set<String> signals(int count) {
    for (int waited = 0; SIGNALS.size() < count && waited < 1_000; waited++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Set.copyOf(SIGNALS);
  }

  @Override
  public InvoiceState run(InvoicePaymentInput input) {
    Workflow.await(() -> done);
    return InvoiceState.OPEN;
  }

  @Override
  public void payAllSettled(PayAll.Settlement settlement) {
    SIGNALS.add(
        "settled:" + invoiceId() + ":" + settlement.batchId() + ":" + settlement.allocated());
  }

  @Override
  public void payAllReleased(String batchId) {
    SIGNALS.add("released:" + invoiceId() + ":" + batchId);
  }

  @Override
  public void voidInvoice(String reason) {
    done = true;
  }

  private static String invoiceId() {
    String id = Workflow.getInfo().getWorkflowId();
    return id.substring(id.indexOf(':') + 1);
  }

  @Override
  public void paymentUpdated(PaymentUpdate update) {}

  @Override
  public void retryNow(String reason) {}

  @Override
  public AttemptView chargeNow(ChargeNow request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void validateChargeNow(ChargeNow request) {}

  @Override
  public long reserveForPayAll(PayAll.Reservation reservation) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void validateReserveForPayAll(PayAll.Reservation reservation) {}

  @Override
  public void externalPaymentReceived(ExternalPayment payment) {}

  @Override
  public InvoicePaymentStatus recordExternalPayment(ExternalPayment payment) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void validateRecordExternalPayment(ExternalPayment payment) {}

  @Override
  public InvoicePaymentStatus applyCredit(String reason) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void validateApplyCredit(String reason) {}

  @Override
  public void invoiceChanged(InvoiceChange change) {}

  @Override
  public InvoicePaymentStatus status() {
    return null;
  }
}
