package io.settle.persistence.view;

import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentRepository;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one mapping of Settle's records to their public JSON, for the API's answers and for the
 * events sent to the host app: an event's {@code data.object} is the invoice exactly as {@code GET
 * /api/v1/invoices/{id}} shows it, read in the same transaction that changes it.
 */
@Component
public class PublicViews {

  private final InvoiceRepository invoices;
  private final PaymentRepository payments;

  public PublicViews(InvoiceRepository invoices, PaymentRepository payments) {
    this.invoices = invoices;
    this.payments = payments;
  }

  public InvoiceResponse invoice(Invoice invoice) {
    long invoiceId = invoice.id();
    return InvoiceResponse.of(
        invoice,
        invoices.lines(invoiceId),
        payments.paymentsOf(invoiceId),
        payments.attemptsOf(invoiceId));
  }

  public PaymentResponse payment(Payment payment) {
    return PaymentResponse.of(payment, payments.allocationsOf(List.of(payment.id())));
  }
}
