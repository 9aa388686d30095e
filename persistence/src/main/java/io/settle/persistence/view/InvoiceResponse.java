package io.settle.persistence.view;

import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.payment.PaymentAttempt;
import io.settle.persistence.payment.PaymentRepository.AllocatedPayment;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;

/** An invoice with its lines, payments and charge attempts, as recorded in MySQL. */
public record InvoiceResponse(
    long id,
    String number,
    long customerId,
    String currency,
    long total,
    long amountPaid,
    long amountDue,
    String status,
    LocalDate dueDate,
    String autopay,
    @Schema(
            description =
                "How the invoice will be paid, as an invoice template prints it, taken when the"
                    + " invoice was made: 'Visa •••• 4242', 'US bank account •••• 6789', or"
                    + " 'No automatic payment setup'; null for invoices made before Settle kept it")
        String autopayMethodLabel,
    @Schema(description = "The recurring template that made the invoice; null for one sent")
        Long recurringInvoiceId,
    @Schema(description = "The period a recurring invoice bills, both days inclusive")
        Period period,
    List<Line> lines,
    List<Payment> payments,
    List<Attempt> attempts) {

  // Named apart from CreateInvoiceRequest.Line, whose non-negative amount it would otherwise take
  // in the OpenAPI document: an ADJUSTMENT line here can be negative.
  @Schema(name = "InvoiceLine")
  public record Line(String kind, String description, long amount) {}

  /** The days a recurring invoice bills, both inclusive. */
  @Schema(name = "BillingPeriod")
  public record Period(LocalDate start, LocalDate end) {

    public static Period of(Invoice invoice) {
      return invoice.periodStart() == null
          ? null
          : new Period(invoice.periodStart(), invoice.periodEnd());
    }
  }

  public record Payment(
      long id, long amount, long allocated, String source, String status, String paymentIntentId) {}

  public record Attempt(
      int number,
      long amount,
      String source,
      String status,
      String paymentIntentId,
      String errorCode,
      String declineCode,
      String errorMessage) {}

  public static InvoiceResponse of(
      Invoice invoice,
      List<InvoiceLine> lines,
      List<AllocatedPayment> payments,
      List<PaymentAttempt> attempts) {
    return new InvoiceResponse(
        invoice.id(),
        invoice.number(),
        invoice.customerId(),
        invoice.currency(),
        invoice.total(),
        invoice.amountPaid(),
        invoice.amountDue(),
        invoice.status().name(),
        invoice.dueDate(),
        invoice.autopayTiming(),
        invoice.autopayMethodLabel(),
        invoice.recurringInvoiceId(),
        Period.of(invoice),
        lines.stream().map(l -> new Line(l.kind().name(), l.description(), l.amount())).toList(),
        payments.stream()
            .map(
                p ->
                    new Payment(
                        p.id(),
                        p.amount(),
                        p.allocated(),
                        p.source(),
                        p.status(),
                        p.stripePaymentIntentId()))
            .toList(),
        attempts.stream()
            .map(
                a ->
                    new Attempt(
                        a.attemptNumber(),
                        a.amount(),
                        a.source(),
                        a.status().name(),
                        a.stripePaymentIntentId(),
                        a.gatewayErrorCode(),
                        a.gatewayDeclineCode(),
                        a.gatewayErrorMessage()))
            .toList());
  }
}
