package io.settle.activities.ledger;

import io.settle.activities.event.InvoiceEvents;
import io.settle.activities.notify.NotificationActivitiesImpl;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.RefusedInvoiceChange;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentAttempt;
import io.settle.persistence.payment.PaymentAttempt.AttemptStatus;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.settle.workflows.notify.Notification;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

@Component
public class LedgerActivitiesImpl implements LedgerActivities {

  private static final Logger log = LoggerFactory.getLogger(LedgerActivitiesImpl.class);

  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final PaymentRepository payments;
  private final TransactionTemplate transaction;
  private final NotificationActivitiesImpl outbox;
  private final NotificationOutbox receipts;
  private final InvoiceEvents events;
  private final CustomerCredits credits;

  public LedgerActivitiesImpl(
      InvoiceRepository invoices,
      CustomerRepository customers,
      PaymentRepository payments,
      TransactionTemplate transaction,
      NotificationActivitiesImpl outbox,
      NotificationOutbox receipts,
      InvoiceEvents events,
      CustomerCredits credits) {
    this.invoices = invoices;
    this.customers = customers;
    this.payments = payments;
    this.transaction = transaction;
    this.outbox = outbox;
    this.receipts = receipts;
    this.events = events;
    this.credits = credits;
  }

  @Override
  public ChargeRequest beginAttempt(AttemptStart start) {
    Invoice invoice = invoice(start.invoiceId());
    Customer customer =
        customers
            .findById(invoice.merchantId(), invoice.customerId())
            .orElseThrow(
                () ->
                    LedgerFailures.refused(
                        LedgerFailures.CUSTOMER_NOT_FOUND,
                        "invoice " + invoice.id() + " has no customer"));
    PaymentAttempt attempt =
        payments.insertAttemptIfAbsent(
            invoice.merchantId(),
            invoice.id(),
            start.attemptNumber(),
            start.idempotencyKey(),
            start.amount(),
            invoice.currency(),
            start.source().name(),
            start.paymentMethodId() != null
                ? start.paymentMethodId()
                : customer.defaultPaymentMethodId());
    // The method stored with the attempt, not today's default: a retried activity must send Stripe
    // the same parameters under the same key. (Attempts written before the column existed have
    // none stored and fall back to the default.)
    String paymentMethodId =
        attempt.paymentMethodId() != null
            ? attempt.paymentMethodId()
            : customer.defaultPaymentMethodId();
    return new ChargeRequest(
        attempt.idempotencyKey(),
        invoice.merchantId(),
        invoice.id(),
        attempt.attemptNumber(),
        attempt.amount(),
        attempt.currency(),
        customer.stripeCustomerId(),
        paymentMethodId,
        "Invoice " + invoice.number(),
        receipts.stripeReceiptTo(invoice.merchantId(), customer));
  }

  @Override
  public InvoiceBalance recordOutcome(String idempotencyKey, ChargeResult result) {
    InvoiceRepository.Applied after;
    try {
      after =
          transaction.execute(
              status -> {
                PaymentAttempt attempt =
                    payments
                        .findAttempt(idempotencyKey)
                        .orElseThrow(
                            () ->
                                LedgerFailures.refused(
                                    LedgerFailures.ATTEMPT_NOT_FOUND,
                                    "no attempt " + idempotencyKey));
                payments.recordAttemptOutcome(
                    idempotencyKey,
                    attemptStatus(result),
                    result.paymentIntentId(),
                    result.errorCode(),
                    result.declineCode(),
                    truncate(result.message()));
                if (shownOutcome(attempt.status()) != result.outcome()) {
                  events.attemptAnswered(result.outcome());
                }
                Invoice invoice = invoice(attempt.invoiceId());
                boolean firstRecording = payments.findPayment(idempotencyKey).isEmpty();
                if (result.outcome() != PaymentOutcome.SUCCEEDED || !firstRecording) {
                  return new InvoiceRepository.Applied(invoice, 0, 0);
                }
                long paymentId =
                    payments.insertPaymentIfAbsent(
                        attempt.merchantId(),
                        invoice.customerId(),
                        attempt.id(),
                        idempotencyKey,
                        attempt.amount(),
                        attempt.currency(),
                        attempt.source(),
                        result.paymentIntentId());
                // Money taken beyond what is owed (a payment arrived elsewhere meanwhile) is the
                // customer's credit, never dropped.
                InvoiceRepository.Applied paid =
                    credits.allocate(invoice, paymentId, attempt.amount(), idempotencyKey);
                events.paymentRecorded(attempt.merchantId(), paymentId);
                return paid;
              });
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    }
    credits.tellBalanceRun(after);
    return balance(after.invoice());
  }

  /**
   * Records the money as a payment of source EXTERNAL (cheque, wire, cash: the method and the host
   * app's reference are columns of their own; BANK_TRANSFER is kept for transfers Stripe reports)
   * allocated to the invoice up to what it owes, the rest becoming the customer's credit, with the
   * key as its idempotency key, in one transaction. The same key again records nothing and answers
   * with the invoice's balance.
   */
  @Override
  public InvoiceBalance recordExternalPayment(
      long invoiceId, String idempotencyKey, ExternalPayment payment) {
    if (payment.amount() <= 0) {
      throw LedgerFailures.refused(
          LedgerFailures.INVALID_AMOUNT, "external payment of " + payment.amount());
    }
    if (payment.reference() == null
        || payment.reference().isBlank()
        || payment.reference().length() > 255
        || idempotencyKey.length() > 255) {
      throw LedgerFailures.refused(
          LedgerFailures.INVALID_EXTERNAL_PAYMENT,
          "external payment references are 1 to 255 characters, and so are their keys");
    }
    try {
      InvoiceRepository.Applied after =
          transaction.execute(
              status -> {
                Invoice invoice = invoice(invoiceId);
                var inserted =
                    payments.insertExternalPaymentIfAbsent(
                        invoice.merchantId(),
                        invoice.customerId(),
                        idempotencyKey,
                        payment.amount(),
                        invoice.currency(),
                        payment.method().name(),
                        payment.reference());
                if (!inserted.isNew()) {
                  return new InvoiceRepository.Applied(
                      sameExternalPaymentAgain(invoice, idempotencyKey, payment), 0, 0);
                }
                InvoiceRepository.Applied paid =
                    credits.allocate(invoice, inserted.id(), payment.amount(), idempotencyKey);
                events.paymentRecorded(invoice.merchantId(), inserted.id());
                return paid;
              });
      credits.tellBalanceRun(after);
      return balance(after.invoice());
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    } catch (DuplicateKeyException raced) {
      // Another execution of this activity recorded it and committed first.
      Invoice invoice = invoice(invoiceId);
      return balance(sameExternalPaymentAgain(invoice, idempotencyKey, payment));
    }
  }

  @Override
  public InvoiceBalance applyCredit(long invoiceId, String idempotencyKey) {
    return balance(
        transaction.execute(
            status -> {
              Invoice invoice = invoice(invoiceId);
              credits
                  .spend(invoice, idempotencyKey)
                  .ifPresent(paymentId -> events.paymentRecorded(invoice.merchantId(), paymentId));
              return invoice(invoiceId);
            }));
  }

  @Override
  public InvoiceBalance addProcessingFee(long invoiceId, long fee) {
    try {
      return balance(invoices.addProcessingFee(invoiceId, fee).orElseThrow(notFound(invoiceId)));
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    }
  }

  /**
   * A new total is the invoice's whole total (any processing fee included); the difference becomes
   * an ADJUSTMENT line, so the lines keep summing up to the total. See {@link
   * InvoiceRepository#change}.
   */
  @Override
  public InvoiceBalance changeInvoice(long invoiceId, InvoiceChange change) {
    try {
      return balance(
          invoices
              .change(invoiceId, change.total(), change.dueDate())
              .orElseThrow(notFound(invoiceId)));
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    }
  }

  /**
   * The state, the notifications and the host-app events that report it commit together or not at
   * all: a state the ledger refuses (PAID while money is missing, say) queues no message about it.
   */
  @Override
  public void publish(long invoiceId, InvoiceState state, List<Notification> notifications) {
    transaction.executeWithoutResult(
        status -> {
          show(invoiceId, state);
          notifications.forEach(outbox::notify);
          events.invoiceShown(invoiceId, state, notifications);
        });
  }

  /**
   * The workflow's passing states (awaiting the due date, charging, retry scheduled) show as OPEN,
   * or as PARTIALLY_PAID when some money came. A paid, void or uncollectible row keeps its status.
   */
  private void show(long invoiceId, InvoiceState state) {
    InvoiceStatus status =
        switch (state) {
          case OPEN, AWAITING_DUE_DATE, CHARGING, RETRY_SCHEDULED -> InvoiceStatus.OPEN;
          case PROCESSING -> InvoiceStatus.PROCESSING;
          case REQUIRES_ACTION -> InvoiceStatus.REQUIRES_ACTION;
          case PARTIALLY_PAID -> InvoiceStatus.PARTIALLY_PAID;
          case PAID -> InvoiceStatus.PAID;
          case VOID -> InvoiceStatus.VOID;
          case UNCOLLECTIBLE -> InvoiceStatus.UNCOLLECTIBLE;
        };
    Invoice invoice = invoice(invoiceId);
    try {
      if (!invoices.showStatus(invoiceId, status)) {
        log.info(
            "invoice {} stays {}; not shown as {}", invoice.number(), invoice.status(), status);
      }
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    }
  }

  private Invoice sameExternalPaymentAgain(
      Invoice invoice, String idempotencyKey, ExternalPayment payment) {
    Payment recorded = payments.findPayment(idempotencyKey).orElseThrow();
    if (recorded.amount() != payment.amount() || recorded.customerId() != invoice.customerId()) {
      throw LedgerFailures.refused(
          LedgerFailures.EXTERNAL_PAYMENT_KEY_REUSED,
          "key "
              + idempotencyKey
              + " recorded "
              + recorded.amount()
              + " before, not "
              + payment.amount());
    }
    return invoices.findById(invoice.id()).orElseThrow();
  }

  private static InvoiceBalance balance(Invoice invoice) {
    return new InvoiceBalance(invoice.total(), invoice.amountPaid(), invoice.status().name());
  }

  private static Supplier<ApplicationFailure> notFound(long invoiceId) {
    return () ->
        LedgerFailures.refused(LedgerFailures.INVOICE_NOT_FOUND, "no invoice " + invoiceId);
  }

  private Invoice invoice(long invoiceId) {
    return invoices.findById(invoiceId).orElseThrow(notFound(invoiceId));
  }

  /** What an attempt's row says of its outcome; null while Stripe has not been heard from. */
  static PaymentOutcome shownOutcome(AttemptStatus status) {
    return switch (status) {
      case PENDING -> null;
      case SUCCEEDED -> PaymentOutcome.SUCCEEDED;
      case DECLINED -> PaymentOutcome.DECLINED;
      case PROCESSING, REQUIRES_ACTION -> PaymentOutcome.PENDING;
      case UNKNOWN -> PaymentOutcome.UNKNOWN;
    };
  }

  private static AttemptStatus attemptStatus(ChargeResult result) {
    return switch (result.outcome()) {
      case SUCCEEDED -> AttemptStatus.SUCCEEDED;
      case DECLINED -> AttemptStatus.DECLINED;
      // Only a processing payment is moving; any other pending one waits on the customer.
      case PENDING ->
          "processing".equals(result.status())
              ? AttemptStatus.PROCESSING
              : AttemptStatus.REQUIRES_ACTION;
      case UNKNOWN -> AttemptStatus.UNKNOWN;
    };
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 1000 ? message : message.substring(0, 1000);
  }
}
