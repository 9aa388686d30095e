package io.settle.notifications.template;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one message says, as raw facts taken when it was queued: money in integer minor units, times
 * as instants. Stored with the outbox row as JSON, so a message sent hours later says what was true
 * when it was decided; the template's variables are formatted from these when it is rendered.
 *
 * @param merchantName the merchant's name, as its customers know it
 * @param customerName the customer's name
 * @param invoiceNumber the invoice's number, or null for a pay-all receipt (see {@code invoices})
 * @param invoiceTotal the invoice's total, or null
 * @param amountDue what the invoice still owes, or null
 * @param dueDate the invoice's due date, or null
 * @param currency ISO 4217, upper case
 * @param amount the money the message is about (paid, failed, due, received)
 * @param paymentMethodLabel the method that pays automatically ("Visa •••• 4242"), or null when
 *     there is none
 * @param link where the customer pays or authenticates, or null
 * @param declineCode Stripe's decline or error code, or null
 * @param nextRetryAt when the next automatic retry runs, or null when none will
 * @param timeZone the IANA zone dates are shown in (the merchant's)
 * @param invoices for a pay-all receipt: each invoice paid and the amount it got; otherwise empty
 * @param replyTo where a reply reaches the merchant (its notification address), or null
 */
public record MessageFacts(
    String merchantName,
    String customerName,
    String invoiceNumber,
    Long invoiceTotal,
    Long amountDue,
    LocalDate dueDate,
    String currency,
    long amount,
    String paymentMethodLabel,
    String link,
    String declineCode,
    Instant nextRetryAt,
    String timeZone,
    List<PaidInvoice> invoices,
    String replyTo) {

  public MessageFacts {
    invoices = invoices == null ? List.of() : List.copyOf(invoices);
  }

  /** Facts with no address for replies. */
  public MessageFacts(
      String merchantName,
      String customerName,
      String invoiceNumber,
      Long invoiceTotal,
      Long amountDue,
      LocalDate dueDate,
      String currency,
      long amount,
      String paymentMethodLabel,
      String link,
      String declineCode,
      Instant nextRetryAt,
      String timeZone,
      List<PaidInvoice> invoices) {
    this(
        merchantName,
        customerName,
        invoiceNumber,
        invoiceTotal,
        amountDue,
        dueDate,
        currency,
        amount,
        paymentMethodLabel,
        link,
        declineCode,
        nextRetryAt,
        timeZone,
        invoices,
        null);
  }

  /** One invoice a pay-all paid, and how much of the payment went to it. */
  public record PaidInvoice(String number, long amount) {}
}
