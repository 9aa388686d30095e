package io.settle.activities.ledger;

import io.settle.persistence.credit.CreditMovement;
import io.settle.persistence.credit.CreditRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.balance.CustomerBalances;
import io.settle.workflows.ledger.PaymentSource;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where money beyond what an invoice owes goes, and how it comes back: a payment is allocated to
 * its invoice up to what the invoice owes and the excess becomes the customer's credit; credit pays
 * an invoice as a payment of source CREDIT. Both run inside the caller's transaction, holding the
 * customer's row lock first (then the invoice's), so two invoices never spend the same credit and
 * the locks are always taken in one order.
 */
@Component
public class CustomerCredits {

  private static final Logger log = LoggerFactory.getLogger(CustomerCredits.class);

  private final InvoiceRepository invoices;
  private final PaymentRepository payments;
  private final CreditRepository credits;
  private final WorkflowClient workflows;

  CustomerCredits(
      InvoiceRepository invoices,
      PaymentRepository payments,
      CreditRepository credits,
      WorkflowClient workflows) {
    this.invoices = invoices;
    this.payments = payments;
    this.credits = credits;
    this.workflows = workflows;
  }

  /**
   * Allocates the payment to the invoice up to what it owes; the rest becomes credit, keyed by the
   * payment. Never refuses for size: money that came is never dropped.
   *
   * @param paymentKey names the excess's movement: unique per payment and invoice
   * @return the invoice after, and the excess that became credit
   */
  public InvoiceRepository.Applied allocate(
      Invoice invoice, long paymentId, long amount, String paymentKey) {
    credits.lockCustomer(invoice.customerId());
    InvoiceRepository.Applied applied = invoices.applyPaymentUpTo(invoice.id(), amount);
    if (applied.allocated() > 0) {
      payments.allocate(invoice.merchantId(), paymentId, invoice.id(), applied.allocated());
    }
    if (applied.excess() > 0) {
      credits.add(
          invoice.merchantId(),
          invoice.customerId(),
          invoice.currency(),
          applied.excess(),
          CreditMovement.Kind.OVERPAYMENT,
          paymentId,
          invoice.id(),
          paymentKey + "-excess");
      log.info(
          "invoice {}: payment {} brought {} more than was owed; it is the customer's credit",
          invoice.number(),
          paymentId,
          applied.excess());
    }
    return applied;
  }

  /**
   * After the transaction that made credit committed: the customer's balance run is told, so the
   * credit pays its other open invoices. Best effort: the credit is in the ledger either way, and a
   * new invoice takes it first.
   */
  public void tellBalanceRun(InvoiceRepository.Applied applied) {
    if (applied.excess() <= 0) {
      return;
    }
    Invoice invoice = applied.invoice();
    try {
      CustomerBalances.creditAvailable(
          workflows,
          invoice.merchantId(),
          invoice.customerId(),
          "overpayment of invoice " + invoice.number());
    } catch (RuntimeException unreachable) {
      log.warn(
          "invoice {}: the customer's balance run was not told of its new credit: {}",
          invoice.number(),
          unreachable.getMessage());
    }
  }

  /**
   * Pays as much of the invoice as the customer's credit in its currency covers, as one payment of
   * source CREDIT under {@code paymentKey}: the payment, its allocation and the credit taken commit
   * together. The same key again pays nothing more.
   *
   * @return the payment made now, or empty when there was no credit, nothing owed, or the key was
   *     used already
   */
  Optional<Long> spend(Invoice invoice, String paymentKey) {
    credits.lockCustomer(invoice.customerId());
    Optional<Payment> earlier = payments.findPayment(paymentKey);
    if (earlier.isPresent()) {
      return Optional.empty();
    }
    Invoice current = invoices.lockForUpdate(invoice.id()).orElseThrow();
    long owed = current.collectible();
    long available =
        credits.balance(invoice.merchantId(), invoice.customerId(), invoice.currency());
    long amount = Math.min(owed, available);
    if (amount <= 0) {
      return Optional.empty();
    }
    long paymentId =
        payments.insertPaymentIfAbsent(
            invoice.merchantId(),
            invoice.customerId(),
            null,
            paymentKey,
            amount,
            invoice.currency(),
            PaymentSource.CREDIT.name(),
            null);
    invoices.applyPayment(invoice.id(), amount); // at most what is owed: the row is locked
    payments.allocate(invoice.merchantId(), paymentId, invoice.id(), amount);
    credits.add(
        invoice.merchantId(),
        invoice.customerId(),
        invoice.currency(),
        -amount,
        CreditMovement.Kind.APPLIED,
        paymentId,
        invoice.id(),
        paymentKey);
    log.info("invoice {}: {} paid from the customer's credit", invoice.number(), amount);
    return Optional.of(paymentId);
  }
}
