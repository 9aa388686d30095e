package io.settle.activities.notify;

import io.settle.activities.ledger.LedgerFailures;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.notification.NewNotification;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationActivities;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the workflow's notifications to the outbox, complete with the recipient as the customer
 * row has it now, so the sender never asks anyone. One row per key: a retried activity writes
 * nothing twice.
 */
@Component
public class NotificationActivitiesImpl implements NotificationActivities {

  /** A notification without a key cannot be written exactly once. */
  public static final String INVALID_NOTIFICATION = "InvalidNotification";

  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final NotificationRepository outbox;
  private final NotificationProperties properties;
  private final MerchantRepository merchants;

  public NotificationActivitiesImpl(
      InvoiceRepository invoices,
      CustomerRepository customers,
      NotificationRepository outbox,
      NotificationProperties properties,
      MerchantRepository merchants) {
    this.invoices = invoices;
    this.customers = customers;
    this.outbox = outbox;
    this.properties = properties;
    this.merchants = merchants;
  }

  @Override
  public void notify(Notification notification) {
    if (notification.key() == null
        || notification.key().isBlank()
        || notification.key().length() > 255) {
      throw ApplicationFailure.newNonRetryableFailure(
          "notification keys are 1 to 255 characters: " + notification.key(), INVALID_NOTIFICATION);
    }
    Invoice invoice =
        invoices
            .findById(notification.invoiceId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no invoice " + notification.invoiceId(),
                        LedgerFailures.INVOICE_NOT_FOUND));
    Customer customer =
        customers
            .findById(invoice.merchantId(), invoice.customerId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "invoice " + invoice.id() + " has no customer",
                        LedgerFailures.CUSTOMER_NOT_FOUND));
    Optional<CustomerPaymentSettings> settings =
        merchants.customerPaymentSettings(invoice.merchantId());
    Optional<String> skipped = settings.flatMap(s -> notSent(notification.kind(), s));
    if (skipped.isPresent()) {
      log.info(
          "notification {} ({}) for invoice {}: not queued, {}",
          notification.key(),
          notification.kind(),
          invoice.number(),
          skipped.get());
      return;
    }
    // The merchant's own notices go to its team (issue 13 routes them); customers' to the customer.
    boolean toMerchant = notification.kind() == NotificationKind.MERCHANT_STRIPE_ACCESS;
    boolean written =
        outbox.insertIfAbsent(
            new NewNotification(
                notification.key(),
                invoice.merchantId(),
                notification.kind().name(),
                invoice.id(),
                invoice.number(),
                customer.id(),
                toMerchant
                    ? merchants.findById(invoice.merchantId()).map(m -> m.name()).orElse("merchant")
                    : customer.name(),
                toMerchant ? null : customer.email(),
                notification.amount(),
                invoice.currency(),
                notification.nextRetryAt(),
                needsLink(notification.kind())
                    ? properties.paymentLink(invoice.invoiceKey())
                    : null,
                notification.paymentIntentId(),
                notification.reason(),
                toMerchant
                    ? null
                    : settings.map(CustomerPaymentSettings::notificationCcEmail).orElse(null)));
    log.info(
        "notification {} ({}) for invoice {}: {}",
        notification.key(),
        notification.kind(),
        invoice.number(),
        written ? "queued" : "already queued");
  }

  /**
   * Why the merchant's notification settings leave this message out, if they do: a merchant may
   * send failures only, or let Stripe send the receipt of a successful payment (the account's
   * "successful payments" email) instead of Settle's.
   */
  public static Optional<String> notSent(NotificationKind kind, CustomerPaymentSettings settings) {
    if (kind != NotificationKind.PAID) {
      return Optional.empty();
    }
    if (settings.notifyOn() == CustomerPaymentSettings.NotifyOn.FAILURES_ONLY) {
      return Optional.of("the merchant notifies on failures only");
    }
    if (settings.stripeSendsReceipts()) {
      return Optional.of("Stripe sends the receipt");
    }
    return Optional.empty();
  }

  // The customer must act: pay another way, or authenticate the payment.
  private static boolean needsLink(NotificationKind kind) {
    return switch (kind) {
      case REQUIRES_ACTION, PAYMENT_FAILED, PAYMENT_LINK -> true;
      case PAID, DUNNING_EXHAUSTED, MERCHANT_STRIPE_ACCESS, PAYMENT_PROCESSING, PAY_ALL_RECEIPT ->
          false;
    };
  }
}
