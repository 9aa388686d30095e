package io.settle.activities.ledger;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.payment.PaymentAttempt;
import io.settle.persistence.payment.PaymentAttempt.AttemptStatus;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.LedgerActivities;
import io.temporal.failure.ApplicationFailure;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

@Component
public class LedgerActivitiesImpl implements LedgerActivities {

  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final PaymentRepository payments;
  private final TransactionTemplate transaction;

  public LedgerActivitiesImpl(
      InvoiceRepository invoices,
      CustomerRepository customers,
      PaymentRepository payments,
      TransactionTemplate transaction) {
    this.invoices = invoices;
    this.customers = customers;
    this.payments = payments;
    this.transaction = transaction;
  }

  @Override
  public ChargeRequest beginAttempt(AttemptStart start) {
    Invoice invoice = invoice(start.invoiceId());
    Customer customer =
        customers
            .findById(invoice.merchantId(), invoice.customerId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "invoice " + invoice.id() + " has no customer", "CustomerNotFound"));
    PaymentAttempt attempt =
        payments.insertAttemptIfAbsent(
            invoice.merchantId(),
            invoice.id(),
            start.attemptNumber(),
            start.idempotencyKey(),
            start.amount(),
            invoice.currency(),
            start.source().name());
    return new ChargeRequest(
        attempt.idempotencyKey(),
        invoice.merchantId(),
        invoice.id(),
        attempt.attemptNumber(),
        attempt.amount(),
        attempt.currency(),
        customer.stripeCustomerId(),
        customer.defaultPaymentMethodId(),
        "Invoice " + invoice.number());
  }

  @Override
  public InvoiceBalance recordOutcome(String idempotencyKey, ChargeResult result) {
    Invoice after =
        transaction.execute(
            status -> {
              PaymentAttempt attempt =
                  payments
                      .findAttempt(idempotencyKey)
                      .orElseThrow(
                          () ->
                              ApplicationFailure.newNonRetryableFailure(
                                  "no attempt " + idempotencyKey, "AttemptNotFound"));
              payments.recordAttemptOutcome(
                  idempotencyKey,
                  attemptStatus(result),
                  result.paymentIntentId(),
                  result.errorCode(),
                  result.declineCode(),
                  truncate(result.message()));
              Invoice invoice = invoice(attempt.invoiceId());
              boolean firstRecording = payments.findPayment(idempotencyKey).isEmpty();
              if (result.outcome() != PaymentOutcome.SUCCEEDED || !firstRecording) {
                return invoice;
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
              payments.allocate(attempt.merchantId(), paymentId, invoice.id(), attempt.amount());
              return invoices.applyPayment(invoice.id(), attempt.amount());
            });
    return new InvoiceBalance(after.total(), after.amountPaid(), after.status().name());
  }

  private Invoice invoice(long invoiceId) {
    return invoices
        .findById(invoiceId)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no invoice " + invoiceId, "InvoiceNotFound"));
  }

  private static AttemptStatus attemptStatus(ChargeResult result) {
    return switch (result.outcome()) {
      case SUCCEEDED -> AttemptStatus.SUCCEEDED;
      case DECLINED -> AttemptStatus.DECLINED;
      case PENDING -> AttemptStatus.PROCESSING;
      case UNKNOWN -> AttemptStatus.UNKNOWN;
    };
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 1000 ? message : message.substring(0, 1000);
  }
}
