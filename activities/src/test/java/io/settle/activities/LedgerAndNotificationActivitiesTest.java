package io.settle.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.activities.event.InvoiceEvents;
import io.settle.activities.ledger.LedgerActivitiesImpl;
import io.settle.activities.ledger.LedgerFailures;
import io.settle.activities.notify.NotificationActivitiesImpl;
import io.settle.activities.notify.NotificationProperties;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.Recipients;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.credit.CreditMovement;
import io.settle.persistence.credit.CreditRepository;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.balance.CustomerBalanceWorkflow;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.ExternalPayment.Method;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.InvoiceState;
import io.settle.workflows.ledger.AttemptStart;
import io.settle.workflows.ledger.InvoiceBalance;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationKind;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ledger and notification activities on the real schema (H2 in MySQL mode), called as Temporal
 * would call them, retries included: each method is repeated and must change nothing the second
 * time. Each test makes its own merchant.
 */
@SpringBootTest(
    classes = LedgerAndNotificationActivitiesTest.StoreOnly.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:activities;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "settle.crypto.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "settle.notifications.payment-link-base-url=https://pay.example.test/"
    })
class LedgerAndNotificationActivitiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableConfigurationProperties(NotificationProperties.class)
  @Import({
    PersistenceConfiguration.class,
    NotificationOutbox.class,
    LedgerActivitiesImpl.class,
    io.settle.activities.ledger.CustomerCredits.class,
    InvoiceEvents.class,
    NotificationActivitiesImpl.class
  })
  static class StoreOnly {
    @org.springframework.context.annotation.Bean
    io.micrometer.core.instrument.MeterRegistry meterRegistry() {
      return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }
  }

  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  @org.springframework.test.context.bean.override.mockito.MockitoBean
  io.temporal.client.WorkflowClient workflows;

  @Autowired LedgerActivitiesImpl ledger;
  @Autowired NotificationActivitiesImpl notifications;
  @Autowired MerchantRepository merchants;
  @Autowired CustomerRepository customers;
  @Autowired InvoiceRepository invoices;
  @Autowired PaymentRepository payments;
  @Autowired NotificationRepository outbox;
  @Autowired CreditRepository credits;

  private long merchantId;
  private long customerId;
  private Invoice invoice;

  @BeforeEach
  void anOpenInvoice() {
    merchantId =
        merchants.insert(new NewMerchant("Acme", "USD", "OFF", "sk_test_activities_1234", null));
    customerId =
        customers.insert(merchantId, "Acme Ltd", "ap@acme.test", "cus_" + unique(), "pm_card_visa");
    invoice =
        invoices.insert(
            new NewInvoice(
                merchantId,
                "INV-" + unique(),
                customerId,
                "USD",
                LocalDate.of(2026, 12, 1),
                "OFF",
                List.of(new InvoiceLine(1, LineKind.ITEM, "Consulting", 10_000)),
                null,
                null));
  }

  @Test
  void anAttemptChargesTheChosenMethodOrElseTheCustomersDefault() {
    ChargeRequest chosen =
        ledger.beginAttempt(
            new AttemptStart(
                key("attempt-1"), invoice.id(), 1, 10_000, PaymentSource.AGENT, "pm_card_amex"));
    ChargeRequest repeated =
        ledger.beginAttempt(
            new AttemptStart(key("attempt-1"), invoice.id(), 1, 10_000, PaymentSource.AGENT, null));
    ChargeRequest automatic =
        ledger.beginAttempt(
            new AttemptStart(key("attempt-2"), invoice.id(), 2, 10_000, PaymentSource.AUTO, null));

    assertThat(chosen.paymentMethodId()).isEqualTo("pm_card_amex");
    assertThat(repeated.paymentMethodId()).isEqualTo("pm_card_amex");
    assertThat(automatic.paymentMethodId()).isEqualTo("pm_card_visa");
  }

  @Test
  void anAttemptsOutcomeIsCountedOnceEachTimeItChanges() {
    double pending = attempts("pending");
    double succeeded = attempts("succeeded");
    double declined = attempts("declined");
    ledger.beginAttempt(
        new AttemptStart(key("3ds-1"), invoice.id(), 1, 10_000, PaymentSource.AUTO, null));
    ChargeResult needsAction =
        new ChargeResult(PaymentOutcome.PENDING, "pi_3ds", "requires_action", 0, null, null, null);
    ChargeResult processing =
        new ChargeResult(PaymentOutcome.PENDING, "pi_3ds", "processing", 0, null, null, null);

    ledger.recordOutcome(key("3ds-1"), needsAction);
    ledger.recordOutcome(key("3ds-1"), needsAction); // the activity retried
    ledger.recordOutcome(key("3ds-1"), processing); // authenticated: still pending, now moving
    assertThat(attempts("pending") - pending).isEqualTo(1);
    assertThat(attempts("succeeded") - succeeded).isZero();

    ledger.recordOutcome(key("3ds-1"), ChargeResult.succeeded("pi_3ds", 10_000));
    ledger.recordOutcome(key("3ds-1"), ChargeResult.succeeded("pi_3ds", 10_000));

    assertThat(attempts("pending") - pending).isEqualTo(1);
    assertThat(attempts("succeeded") - succeeded)
        .as("settle_payment_attempts_total{outcome=succeeded} counts the attempt once")
        .isEqualTo(1);
    assertThat(attempts("declined") - declined).isZero();
  }

  private double attempts(String outcome) {
    var counter = meters.find("settle.payment.attempts").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void anExternalPaymentIsRecordedOncePerKey() {
    var cheque = new ExternalPayment("CHQ-1", 4_000, Method.CHEQUE);
    double collectedBefore = collected("USD", "EXTERNAL");

    InvoiceBalance first =
        ledger.recordExternalPayment(invoice.id(), key("external-CHQ-1"), cheque);
    InvoiceBalance again =
        ledger.recordExternalPayment(invoice.id(), key("external-CHQ-1"), cheque);

    assertThat(first).isEqualTo(new InvoiceBalance(10_000, 4_000, "PARTIALLY_PAID"));
    assertThat(again).isEqualTo(first);
    assertThat(payments.paymentsOf(invoice.id()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo("EXTERNAL");
              assertThat(p.allocated()).isEqualTo(4_000);
            });
    assertThat(collected("USD", "EXTERNAL") - collectedBefore)
        .as("settle_payments_collected_total counts the payment once")
        .isEqualTo(4_000);
  }

  private double collected(String currency, String source) {
    var counter =
        meters
            .find("settle.payments.collected")
            .tag("currency", currency)
            .tag("source", source)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void moneyOverWhatIsOwedBecomesCreditAndAReusedKeyIsRefused() {
    ledger.recordExternalPayment(
        invoice.id(), key("external-W-1"), new ExternalPayment("W-1", 4_000, Method.WIRE));

    InvoiceBalance paid =
        ledger.recordExternalPayment(
            invoice.id(), key("external-W-2"), new ExternalPayment("W-2", 15_000, Method.WIRE));
    InvoiceBalance again =
        ledger.recordExternalPayment(
            invoice.id(), key("external-W-2"), new ExternalPayment("W-2", 15_000, Method.WIRE));

    assertThat(paid).isEqualTo(new InvoiceBalance(10_000, 10_000, "PAID"));
    assertThat(again).isEqualTo(paid);
    assertThat(credits.balance(merchantId, customerId, "USD")).isEqualTo(9_000);
    assertThat(credits.movements(merchantId, customerId, null, 10))
        .singleElement()
        .satisfies(
            movement -> {
              assertThat(movement.kind()).isEqualTo(CreditMovement.Kind.OVERPAYMENT);
              assertThat(movement.invoiceId()).isEqualTo(invoice.id());
              assertThat(movement.paymentId())
                  .isEqualTo(payments.findPayment(key("external-W-2")).orElseThrow().id());
            });
    // The customer's balance run is told, so the credit pays its other open invoices.
    org.mockito.Mockito.verify(workflows)
        .newWorkflowStub(
            org.mockito.ArgumentMatchers.eq(CustomerBalanceWorkflow.class),
            org.mockito.ArgumentMatchers.<io.temporal.client.WorkflowOptions>argThat(
                options -> options.getWorkflowId().equals("customer-balance:" + customerId)));
    assertRefused(
        () ->
            ledger.recordExternalPayment(
                invoice.id(), key("external-W-1"), new ExternalPayment("W-1", 5_000, Method.WIRE)),
        LedgerFailures.EXTERNAL_PAYMENT_KEY_REUSED);
  }

  @Test
  void creditPaysWhatItCoversOncePerKeyAndNeverMoreThanIsOwed() {
    Invoice overpaid = anotherInvoice(2_000);
    ledger.recordExternalPayment(
        overpaid.id(), key("external-W-9"), new ExternalPayment("W-9", 17_000, Method.WIRE));
    assertThat(credits.balance(merchantId, customerId, "USD")).isEqualTo(15_000);
    double creditCollectedBefore = collected("USD", "CREDIT");

    InvoiceBalance first = ledger.applyCredit(invoice.id(), key("credit-1"));
    InvoiceBalance again = ledger.applyCredit(invoice.id(), key("credit-1"));
    InvoiceBalance nothingOwed = ledger.applyCredit(invoice.id(), key("credit-2"));

    assertThat(first).isEqualTo(new InvoiceBalance(10_000, 10_000, "PAID"));
    assertThat(again).isEqualTo(first);
    assertThat(nothingOwed).isEqualTo(first);
    assertThat(credits.balance(merchantId, customerId, "USD")).isEqualTo(5_000);
    assertThat(payments.paymentsOf(invoice.id()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo("CREDIT");
              assertThat(p.allocated()).isEqualTo(10_000);
            });
    assertThat(payments.findPayment(key("credit-2"))).isEmpty();
    assertThat(collected("USD", "CREDIT"))
        .as("credit spent was collected when the wire arrived, not again")
        .isEqualTo(creditCollectedBefore);
  }

  private Invoice anotherInvoice(long amount) {
    return invoices.insert(
        new NewInvoice(
            merchantId,
            "INV-" + unique(),
            customerId,
            "USD",
            LocalDate.of(2026, 11, 1),
            "OFF",
            List.of(new InvoiceLine(1, LineKind.ITEM, "Consulting", amount)),
            null,
            null));
  }

  @Test
  void theProcessingFeeIsAddedOnce() {
    InvoiceBalance first = ledger.addProcessingFee(invoice.id(), 290);
    InvoiceBalance again = ledger.addProcessingFee(invoice.id(), 290);

    assertThat(first.total()).isEqualTo(10_290);
    assertThat(again).isEqualTo(first);
    assertThat(invoices.lines(invoice.id()))
        .extracting(InvoiceLine::kind)
        .containsExactly(LineKind.ITEM, LineKind.PROCESSING_FEE);
  }

  @Test
  void aTotalBelowWhatIsPaidIsRefusedAndAnyOtherChangeApplies() {
    ledger.recordExternalPayment(
        invoice.id(), key("external-C-1"), new ExternalPayment("C-1", 3_000, Method.CASH));

    assertRefused(
        () -> ledger.changeInvoice(invoice.id(), new InvoiceChange(2_999L, null)),
        LedgerFailures.TOTAL_BELOW_AMOUNT_PAID);
    InvoiceBalance changed =
        ledger.changeInvoice(invoice.id(), new InvoiceChange(12_000L, LocalDate.of(2027, 1, 1)));

    assertThat(changed).isEqualTo(new InvoiceBalance(12_000, 3_000, "PARTIALLY_PAID"));
    assertThat(invoices.findById(invoice.id()).orElseThrow().dueDate())
        .isEqualTo(LocalDate.of(2027, 1, 1));
  }

  @Test
  void theRowShowsWhatAUserShouldSee() {
    ledger.publish(invoice.id(), InvoiceState.REQUIRES_ACTION, List.of());
    assertThat(status()).isEqualTo("REQUIRES_ACTION");

    ledger.publish(invoice.id(), InvoiceState.RETRY_SCHEDULED, List.of());
    assertThat(status()).isEqualTo("OPEN");

    assertRefused(
        () -> ledger.publish(invoice.id(), InvoiceState.PAID, List.of()),
        LedgerFailures.INVOICE_NOT_FULLY_PAID);
    ledger.publish(invoice.id(), InvoiceState.UNCOLLECTIBLE, List.of());
    ledger.publish(invoice.id(), InvoiceState.CHARGING, List.of());
    assertThat(status()).isEqualTo("UNCOLLECTIBLE");
    assertRefused(
        () -> ledger.publish(Long.MAX_VALUE, InvoiceState.OPEN, List.of()),
        LedgerFailures.INVOICE_NOT_FOUND);
  }

  @Test
  void aStateAndTheNotificationsThatReportItCommitTogetherOrNotAtAll() {
    var paid =
        new Notification(
            key("paid"), invoice.id(), NotificationKind.PAID, 12_000, null, "pi_1", null);

    assertRefused(
        () -> ledger.publish(invoice.id(), InvoiceState.PAID, List.of(paid)),
        LedgerFailures.INVOICE_NOT_FULLY_PAID);
    assertThat(outbox.findByKey(key("paid"))).as("no message about a refused state").isEmpty();

    var failed =
        new Notification(
            key("failed-1"),
            invoice.id(),
            NotificationKind.PAYMENT_FAILED,
            12_000,
            null,
            "pi_1",
            "insufficient_funds");
    ledger.publish(invoice.id(), InvoiceState.OPEN, List.of(failed));
    ledger.publish(invoice.id(), InvoiceState.OPEN, List.of(failed));
    assertThat(status()).isEqualTo("OPEN");
    assertThat(outbox.findByKey(key("failed-1"))).isPresent();
  }

  @Test
  void aNotificationIsQueuedOnceWithTheRecipientAndThePaymentLink() {
    Instant nextRetry = Instant.parse("2026-12-04T09:00:00Z");
    var failed =
        new Notification(
            key("failed-1"),
            invoice.id(),
            NotificationKind.PAYMENT_FAILED,
            10_000,
            nextRetry,
            "pi_1",
            "insufficient_funds");

    notifications.notify(failed);
    notifications.notify(failed);
    notifications.notify(
        new Notification(
            key("paid"), invoice.id(), NotificationKind.PAID, 10_000, null, "pi_2", null));

    assertThat(outbox.ofInvoice(invoice.id()))
        .satisfiesExactly(
            n -> {
              assertThat(n.kind()).isEqualTo("PAYMENT_FAILED");
              assertThat(n.merchantId()).isEqualTo(merchantId);
              assertThat(n.customerId()).isEqualTo(customerId);
              assertThat(n.invoiceNumber()).isEqualTo(invoice.number());
              assertThat(n.recipientName()).isEqualTo("Acme Ltd");
              assertThat(n.recipientEmail()).isEqualTo("ap@acme.test");
              assertThat(n.currency()).isEqualTo("USD");
              assertThat(n.paymentLinkUrl())
                  .isEqualTo("https://pay.example.test/pay/" + invoice.invoiceKey());
              assertThat(n.stripePaymentIntentId()).isEqualTo("pi_1");
              assertThat(n.reason()).isEqualTo("insufficient_funds");
              assertThat(n.status()).isEqualTo("PENDING");
            },
            n -> {
              assertThat(n.kind()).isEqualTo("PAID");
              assertThat(n.paymentLinkUrl()).isNull();
            });
  }

  @Test
  void theMerchantsSettingsLeaveOutSuccessEmailsAndCopyItsAddress() {
    CustomerPaymentSettings settings = merchants.customerPaymentSettings(merchantId).orElseThrow();
    merchants.updateCustomerPaymentSettings(
        merchantId,
        new CustomerPaymentSettings(
            settings.settlementCurrency(),
            settings.autopayEnabled(),
            settings.autopayTiming(),
            settings.importTypes(),
            settings.agentTypes(),
            settings.customerSyncMode(),
            settings.syncFields(),
            settings.portalPaymentMethods(),
            CustomerPaymentSettings.NotifyOn.FAILURES_ONLY,
            "billing@acme-merchant.test",
            false));

    notifications.notify(
        new Notification(
            key("paid"), invoice.id(), NotificationKind.PAID, 10_000, null, "pi_2", null));
    notifications.notify(
        new Notification(
            key("failed-1"),
            invoice.id(),
            NotificationKind.PAYMENT_FAILED,
            10_000,
            null,
            "pi_1",
            "card_declined"));

    assertThat(outbox.ofInvoice(invoice.id()))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo("PAYMENT_FAILED");
              assertThat(n.ccEmails()).containsExactly("billing@acme-merchant.test");
            });
  }

  @Test
  void whenStripeSendsReceiptsTheChargeAsksStripeToEmailTheCustomer() {
    ChargeRequest before =
        ledger.beginAttempt(
            new AttemptStart(key("attempt-1"), invoice.id(), 1, 10_000, PaymentSource.AUTO, null));
    CustomerPaymentSettings s = merchants.customerPaymentSettings(merchantId).orElseThrow();
    merchants.updateCustomerPaymentSettings(
        merchantId,
        new CustomerPaymentSettings(
            s.settlementCurrency(),
            s.autopayEnabled(),
            s.autopayTiming(),
            s.importTypes(),
            s.agentTypes(),
            s.customerSyncMode(),
            s.syncFields(),
            s.portalPaymentMethods(),
            CustomerPaymentSettings.NotifyOn.ALL,
            null,
            true));

    ChargeRequest after =
        ledger.beginAttempt(
            new AttemptStart(key("attempt-2"), invoice.id(), 2, 10_000, PaymentSource.AUTO, null));

    assertThat(before.receiptEmail()).isNull();
    assertThat(after.receiptEmail()).isEqualTo("ap@acme.test");
  }

  @Test
  void whenStripeSendsReceiptsSettleSendsNoSuccessEmail() {
    CustomerPaymentSettings s = merchants.customerPaymentSettings(merchantId).orElseThrow();
    assertThat(Recipients.notSent(NotificationKind.PAID, s)).isEmpty();
    var receipts =
        new CustomerPaymentSettings(
            s.settlementCurrency(),
            s.autopayEnabled(),
            s.autopayTiming(),
            s.importTypes(),
            s.agentTypes(),
            s.customerSyncMode(),
            s.syncFields(),
            s.portalPaymentMethods(),
            CustomerPaymentSettings.NotifyOn.ALL,
            null,
            true);
    assertThat(Recipients.notSent(NotificationKind.PAID, receipts)).isPresent();
    assertThat(Recipients.notSent(NotificationKind.PAYMENT_FAILED, receipts)).isEmpty();
    assertThat(Recipients.notSent(NotificationKind.REQUIRES_ACTION, receipts)).isEmpty();
  }

  private String status() {
    return invoices.findById(invoice.id()).orElseThrow().status().name();
  }

  private String key(String event) {
    return "settle-" + invoice.invoiceKey() + "-" + event;
  }

  private static void assertRefused(ThrowingCallable call, String type) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(type);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
