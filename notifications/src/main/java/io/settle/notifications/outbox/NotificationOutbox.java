package io.settle.notifications.outbox;

import io.settle.notifications.template.FactsJson;
import io.settle.notifications.template.MessageFacts;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.RecurringSettings;
import io.settle.persistence.notification.NewNotification;
import io.settle.persistence.notification.NotificationRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Queues messages in the outbox, complete with their recipients and facts as the records stand now,
 * so the mail relay never asks anyone. Call it inside the transaction of the change the message
 * reports: the row and the change commit together or not at all.
 */
@Component
public class NotificationOutbox {

  private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);
  private static final String DEFAULT_ZONE = "UTC";

  private final MerchantRepository merchants;
  private final CustomerRepository customers;
  private final InvoiceRepository invoices;
  private final NotificationRepository outbox;

  public NotificationOutbox(
      MerchantRepository merchants,
      CustomerRepository customers,
      InvoiceRepository invoices,
      NotificationRepository outbox) {
    this.merchants = merchants;
    this.customers = customers;
    this.invoices = invoices;
    this.outbox = outbox;
  }

  /** What became of a message handed to {@link #queue}. */
  public enum Queued {
    /** Written: the relay sends it. */
    QUEUED,
    /** Written as SKIPPED: nobody to send it to. */
    NO_RECIPIENT,
    /** Its key was queued before; nothing written. */
    ALREADY_QUEUED,
    /** The merchant's settings leave it out; nothing written. */
    NOT_SENT
  }

  /**
   * Writes the message once per key.
   *
   * @throws NotFound when its invoice, customer or merchant does not exist
   */
  public Queued queue(OutgoingNotification message) {
    Merchant merchant =
        merchants
            .findById(message.merchantId())
            .orElseThrow(() -> new NotFound("no merchant " + message.merchantId()));
    Customer customer =
        customers
            .findById(message.merchantId(), message.customerId())
            .orElseThrow(
                () ->
                    new NotFound(
                        "merchant "
                            + message.merchantId()
                            + " has no customer "
                            + message.customerId()));
    Optional<Invoice> invoice =
        Optional.ofNullable(message.invoiceId())
            .map(
                id ->
                    invoices
                        .findById(id)
                        .filter(found -> found.merchantId() == message.merchantId())
                        .orElseThrow(() -> new NotFound("no invoice " + id)));
    Optional<CustomerPaymentSettings> settings =
        merchants.customerPaymentSettings(message.merchantId());
    Optional<String> skipped = settings.flatMap(s -> Recipients.notSent(message.kind(), s));
    String about = invoice.map(Invoice::number).orElse("customer " + customer.id());
    if (skipped.isPresent()) {
      log.info(
          "notification {} ({}) for {}: not queued, {}",
          message.key(),
          message.kind(),
          about,
          skipped.get());
      return Queued.NOT_SENT;
    }
    Recipients recipients =
        Recipients.of(
            message.kind(),
            customer,
            settings.map(CustomerPaymentSettings::notificationCcEmail).orElse(null),
            message.payerEmail());
    String currency =
        message.currency() != null ? message.currency() : invoice.orElseThrow().currency();
    MessageFacts facts =
        new MessageFacts(
            merchant.name(),
            customer.name(),
            invoice.map(Invoice::number).orElse(null),
            invoice.map(Invoice::total).orElse(null),
            invoice.map(Invoice::amountDue).orElse(null),
            invoice.map(Invoice::dueDate).orElse(null),
            currency,
            message.amount(),
            invoice
                .map(Invoice::autopayMethodLabel)
                .or(() -> customers.autopayMethodLabel(message.merchantId(), customer.id()))
                .orElse(null),
            message.link(),
            message.reason(),
            message.nextRetryAt(),
            merchants
                .recurringSettings(message.merchantId())
                .map(RecurringSettings::timeZone)
                .orElse(DEFAULT_ZONE),
            message.invoices(),
            settings.map(CustomerPaymentSettings::notificationCcEmail).orElse(null));
    boolean written =
        outbox.insertIfAbsent(
            new NewNotification(
                message.key(),
                message.merchantId(),
                message.kind().name(),
                invoice.map(Invoice::id).orElse(null),
                invoice.map(Invoice::number).orElse(null),
                customer.id(),
                Recipients.toMerchant(message.kind()) ? merchant.name() : customer.name(),
                recipients.to(),
                recipients.cc(),
                message.amount(),
                currency,
                message.nextRetryAt(),
                message.link(),
                message.paymentIntentId(),
                message.reason(),
                FactsJson.write(facts)));
    Queued queued =
        !written
            ? Queued.ALREADY_QUEUED
            : recipients.to() == null ? Queued.NO_RECIPIENT : Queued.QUEUED;
    log.info("notification {} ({}) for {}: {}", message.key(), message.kind(), about, queued);
    return queued;
  }

  /**
   * Where Stripe emails its receipt of a charge to {@code customer} ({@code receipt_email}): the
   * customer's accounts email when the merchant lets Stripe send receipts, else null.
   */
  public String stripeReceiptTo(long merchantId, Customer customer) {
    return merchants
        .customerPaymentSettings(merchantId)
        .map(settings -> Recipients.stripeReceiptTo(settings, customer))
        .orElse(null);
  }

  /** A message names an invoice, customer or merchant that does not exist. */
  public static class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }
}
