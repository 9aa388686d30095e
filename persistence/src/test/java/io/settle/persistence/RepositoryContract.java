package io.settle.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.apikey.IssuedApiKey;
import io.settle.persistence.credit.CreditBalance;
import io.settle.persistence.credit.CreditMovement;
import io.settle.persistence.credit.CreditRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.idempotency.IdempotencyKeyRecord;
import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import io.settle.persistence.idempotency.IdempotentRequest;
import io.settle.persistence.idempotency.StoredAnswer;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.invoice.RefusedInvoiceChange;
import io.settle.persistence.invoice.RefusedInvoiceChange.Reason;
import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.CollectionPolicy.OnExhaustion;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.notification.NewNotification;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.notification.NotificationStatus;
import io.settle.persistence.notification.OutboxNotification;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentAllocation;
import io.settle.persistence.payment.PaymentAttempt;
import io.settle.persistence.payment.PaymentAttempt.AttemptStatus;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.persistence.reconcile.DriftKind;
import io.settle.persistence.reconcile.DriftTotal;
import io.settle.persistence.reconcile.Finding;
import io.settle.persistence.reconcile.FindingOutcome;
import io.settle.persistence.reconcile.ListedIntent;
import io.settle.persistence.reconcile.NewFinding;
import io.settle.persistence.reconcile.ReconciliationRepository;
import io.settle.persistence.view.Backlog;
import io.settle.persistence.webhook.NewStripeEvent;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.persistence.webhook.StripeEventSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the repositories promise, on the schema Flyway migrates. Runs against real MariaDB ({@link
 * RepositoriesIT}) and against H2 in MySQL mode, the Run command's embedded database ({@link
 * RepositoriesOnH2Test}), so the SQL keeps working on both. Each test makes its own merchant, so
 * tests share a database without seeing each other's rows.
 */
@SpringBootTest(classes = RepositoryContract.PersistenceOnly.class)
abstract class RepositoryContract {

  @SpringBootApplication
  static class PersistenceOnly {}

  static void commonProperties(DynamicPropertyRegistry registry) {
    registry.add("settle.crypto.master-key", () -> "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  }

  @Autowired MerchantRepository merchants;
  @Autowired CustomerRepository customers;
  @Autowired InvoiceRepository invoices;
  @Autowired PaymentRepository payments;
  @Autowired NotificationRepository notifications;
  @Autowired ApiKeyRepository apiKeys;
  @Autowired PaymentMethodRepository paymentMethods;
  @Autowired JdbcClient jdbc;
  @Autowired ReconciliationRepository reconciliation;
  @Autowired CreditRepository credits;

  private long merchantId;
  private long customerId;

  @BeforeEach
  void merchantAndCustomer() {
    merchantId =
        merchants.insert(
            new NewMerchant("Acme", "USD", "ON_CREATION", "sk_test_repo_secret_9876", null));
    customerId = customers.insert(merchantId, "Acme Ltd", null, "cus_" + unique(), "pm_card_visa");
  }

  @Test
  void theStripeSecretIsStoredEncryptedAndReadBackDecrypted() {
    String stored =
        jdbc.sql("SELECT stripe_secret_key_encrypted FROM merchant WHERE id = :id")
            .param("id", merchantId)
            .query(String.class)
            .single();

    assertThat(stored).doesNotContain("repo_secret");
    assertThat(merchants.stripeSecretKey(merchantId)).contains("sk_test_repo_secret_9876");
    assertThat(merchants.findById(merchantId).orElseThrow().stripeSecretKeyLast4())
        .isEqualTo("9876");
  }

  @Test
  void theWebhookSigningSecretIsStoredEncryptedAndKeptWhenStripeDoesNotResendIt() {
    assertThat(merchants.webhookSigningSecret(merchantId)).isEmpty();

    assertThat(merchants.recordWebhookEndpoint(merchantId, "we_1", "whsec_repo_secret_1234"))
        .isTrue();
    String stored =
        jdbc.sql("SELECT stripe_webhook_secret_encrypted FROM merchant WHERE id = :id")
            .param("id", merchantId)
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain("whsec_repo_secret_1234");
    assertThat(merchants.webhookSigningSecret(merchantId)).contains("whsec_repo_secret_1234");

    merchants.recordWebhookEndpoint(merchantId, "we_1", null);
    assertThat(merchants.webhookSigningSecret(merchantId)).contains("whsec_repo_secret_1234");
    assertThat(merchants.recordWebhookEndpoint(Long.MAX_VALUE, "we_2", "whsec_x")).isFalse();
  }

  @Test
  void anInvoiceIsStoredWithItsLinesAndIsInvisibleToOtherMerchants() {
    Invoice invoice = newInvoice(List.of(7_000L, 5_000L));

    assertThat(invoice.total()).isEqualTo(12_000);
    assertThat(invoice.status()).isEqualTo(InvoiceStatus.OPEN);
    assertThat(invoice.invoiceKey()).startsWith("inv_");
    assertThat(invoices.lines(invoice.id()))
        .extracting(InvoiceLine::amount)
        .containsExactly(7_000L, 5_000L);
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_0000", null));
    assertThat(invoices.findById(otherMerchant, invoice.id())).isEmpty();
    assertThat(customers.findById(otherMerchant, customerId)).isEmpty();
  }

  @Test
  void theListingIsTheMerchantsOwnNewestFirstFilteredAndPagedByKeyset() {
    long otherCustomer = customers.insert(merchantId, "Beta Ltd", null, "cus_" + unique(), null);
    Invoice early = newInvoice(customerId, LocalDate.of(2026, 1, 10), 1_000);
    Invoice paid = newInvoice(customerId, LocalDate.of(2026, 2, 10), 2_000);
    Invoice beta = newInvoice(otherCustomer, LocalDate.of(2026, 3, 10), 3_000);
    Invoice late = newInvoice(customerId, LocalDate.of(2026, 4, 10), 4_000);
    invoices.applyPayment(paid.id(), 2_000);
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_0000", null));

    var all = InvoiceRepository.ListFilter.none();
    assertThat(invoices.list(merchantId, all, null, 10))
        .extracting(Invoice::id)
        .containsExactly(late.id(), beta.id(), paid.id(), early.id());
    assertThat(invoices.list(otherMerchant, all, null, 10)).isEmpty();

    var firstPage = invoices.list(merchantId, all, null, 2);
    assertThat(firstPage).extracting(Invoice::id).containsExactly(late.id(), beta.id());
    assertThat(invoices.list(merchantId, all, firstPage.get(1).id(), 2))
        .extracting(Invoice::id)
        .containsExactly(paid.id(), early.id());
    assertThat(invoices.list(merchantId, all, early.id(), 2)).isEmpty();

    assertThat(
            invoices.list(
                merchantId,
                new InvoiceRepository.ListFilter(InvoiceStatus.PAID, null, null, null, null),
                null,
                10))
        .extracting(Invoice::id)
        .containsExactly(paid.id());
    assertThat(
            invoices.list(
                merchantId,
                new InvoiceRepository.ListFilter(null, otherCustomer, null, null, null),
                null,
                10))
        .extracting(Invoice::id)
        .containsExactly(beta.id());
    assertThat(
            invoices.list(
                merchantId,
                new InvoiceRepository.ListFilter(
                    InvoiceStatus.OPEN,
                    customerId,
                    LocalDate.of(2026, 4, 10),
                    LocalDate.of(2026, 1, 10),
                    null),
                null,
                10))
        .as("OPEN, this customer, due strictly between the dates")
        .isEmpty();
    assertThat(
            invoices.list(
                merchantId,
                new InvoiceRepository.ListFilter(
                    null, customerId, LocalDate.of(2026, 4, 11), LocalDate.of(2026, 1, 9), null),
                null,
                10))
        .extracting(Invoice::id)
        .containsExactly(late.id(), paid.id(), early.id());
  }

  @Test
  void outstandingInvoicesAreTheCustomersPayableOnesInTheCurrencyEarliestDueFirst() {
    long otherCustomer = customers.insert(merchantId, "Beta Ltd", null, "cus_" + unique(), null);
    Invoice later = newInvoice(customerId, LocalDate.of(2026, 5, 1), 1_000);
    Invoice earlier = newInvoice(customerId, LocalDate.of(2026, 4, 1), 2_000);
    Invoice partly = newInvoice(customerId, LocalDate.of(2026, 6, 1), 3_000);
    invoices.applyPayment(partly.id(), 1_000);
    Invoice paid = newInvoice(customerId, LocalDate.of(2026, 3, 1), 500);
    invoices.applyPayment(paid.id(), 500);
    Invoice processing = newInvoice(customerId, LocalDate.of(2026, 3, 2), 700);
    invoices.showStatus(processing.id(), InvoiceStatus.PROCESSING);
    newInvoice(otherCustomer, LocalDate.of(2026, 3, 3), 900);

    assertThat(invoices.outstanding(merchantId, customerId, "USD"))
        .extracting(Invoice::id)
        .containsExactly(earlier.id(), later.id(), partly.id());
    assertThat(invoices.outstanding(merchantId, customerId, "EUR")).isEmpty();
    assertThat(invoices.findByKey(later.invoiceKey())).map(Invoice::id).contains(later.id());
    assertThat(invoices.findByKey("inv_unknown")).isEmpty();
  }

  @Test
  void paymentsAreListedNewestFirstWithTheirAllocations() {
    Invoice first = newInvoice(List.of(1_000L));
    Invoice second = newInvoice(List.of(2_000L));
    long older =
        payments.insertPaymentIfAbsent(
            merchantId, customerId, null, "key-" + unique(), 3_000, "USD", "PORTAL", "pi_1");
    payments.allocate(merchantId, older, first.id(), 1_000);
    payments.allocate(merchantId, older, second.id(), 2_000);
    long newer =
        payments
            .insertExternalPaymentIfAbsent(
                merchantId, customerId, "key-" + unique(), 100, "USD", "WIRE", "ref-1")
            .id();

    assertThat(payments.list(merchantId, null, null, 10))
        .extracting(Payment::id)
        .containsExactly(newer, older);
    assertThat(payments.list(merchantId, customerId, newer, 10))
        .extracting(Payment::id)
        .containsExactly(older);
    assertThat(payments.list(merchantId, customerId + 1_000_000, null, 10)).isEmpty();
    assertThat(payments.findById(merchantId, older)).map(Payment::amount).contains(3_000L);
    assertThat(payments.findById(merchantId + 1_000_000, older)).isEmpty();
    assertThat(payments.allocationsOf(List.of(older, newer)))
        .containsExactly(
            new PaymentAllocation(older, first.id(), 1_000),
            new PaymentAllocation(older, second.id(), 2_000));
    assertThat(payments.allocationsOf(List.of())).isEmpty();
  }

  @Test
  void anAttemptIsWrittenOncePerKeyHoweverOftenItIsBegun() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";

    var first =
        payments.insertAttemptIfAbsent(
            merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO", "pm_card_visa");
    var again =
        payments.insertAttemptIfAbsent(
            merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO", "pm_card_visa");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(first.status()).isEqualTo(AttemptStatus.PENDING);
    assertThat(payments.attemptsOf(invoice.id())).hasSize(1);
  }

  @Test
  void aPaymentIsRecordedOncePerKeyAndPaysTheInvoice() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";
    var attempt =
        payments.insertAttemptIfAbsent(
            merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO", "pm_card_visa");

    long paymentId =
        payments.insertPaymentIfAbsent(
            merchantId, customerId, attempt.id(), key, 12_000, "USD", "AUTO", "pi_1");
    long again =
        payments.insertPaymentIfAbsent(
            merchantId, customerId, attempt.id(), key, 12_000, "USD", "AUTO", "pi_1");
    payments.allocate(merchantId, paymentId, invoice.id(), 12_000);
    Invoice paid = invoices.applyPayment(invoice.id(), 12_000);

    assertThat(again).isEqualTo(paymentId);
    assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(paid.amountDue()).isZero();
    assertThat(payments.paymentsOf(invoice.id()))
        .singleElement()
        .satisfies(p -> assertThat(p.allocated()).isEqualTo(12_000));
  }

  @Test
  void aPartialPaymentMakesTheInvoicePartiallyPaidAndOverpaymentIsRefused() {
    Invoice invoice = newInvoice(List.of(10_000L));

    Invoice partly = invoices.applyPayment(invoice.id(), 4_000);

    assertThat(partly.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
    assertThat(partly.amountPaid()).isEqualTo(4_000);
    assertThat(partly.amountDue()).isEqualTo(6_000);
    assertThatThrownBy(() -> invoices.applyPayment(invoice.id(), 6_001))
        .isInstanceOf(RefusedInvoiceChange.class)
        .extracting(e -> ((RefusedInvoiceChange) e).reason())
        .isEqualTo(Reason.OVERPAYMENT);
    assertThat(invoices.findById(invoice.id()).orElseThrow().amountPaid()).isEqualTo(4_000);
  }

  @Test
  void aPaymentBeyondWhatIsOwedIsAppliedUpToItAndAVoidInvoiceOwesNothing() {
    Invoice invoice = newInvoice(List.of(10_000L));

    InvoiceRepository.Applied applied =
        transactions.execute(status -> invoices.applyPaymentUpTo(invoice.id(), 15_000));

    assertThat(applied.allocated()).isEqualTo(10_000);
    assertThat(applied.excess()).isEqualTo(5_000);
    assertThat(applied.invoice().status()).isEqualTo(InvoiceStatus.PAID);
    Invoice voided = newInvoice(List.of(3_000L));
    invoices.showStatus(voided.id(), InvoiceStatus.VOID);
    InvoiceRepository.Applied onVoid =
        transactions.execute(status -> invoices.applyPaymentUpTo(voided.id(), 3_000));
    assertThat(onVoid.allocated()).isZero();
    assertThat(onVoid.excess()).isEqualTo(3_000);
    assertThat(invoices.findById(voided.id()).orElseThrow().status()).isEqualTo(InvoiceStatus.VOID);
  }

  @Test
  void creditIsTheSumOfItsMovementsEachWrittenOncePerKey() {
    Invoice invoice = newInvoice(List.of(10_000L));
    String key = "credit-" + unique();

    assertThat(
            credits.add(
                merchantId,
                customerId,
                "USD",
                5_000,
                CreditMovement.Kind.OVERPAYMENT,
                null,
                invoice.id(),
                key))
        .isTrue();
    assertThat(
            credits.add(
                merchantId,
                customerId,
                "USD",
                5_000,
                CreditMovement.Kind.OVERPAYMENT,
                null,
                invoice.id(),
                key))
        .as("the same key again")
        .isFalse();
    credits.add(
        merchantId,
        customerId,
        "USD",
        -2_000,
        CreditMovement.Kind.APPLIED,
        null,
        invoice.id(),
        key + "-used");

    assertThat(credits.balance(merchantId, customerId, "USD")).isEqualTo(3_000);
    assertThat(credits.balance(merchantId, customerId, "EUR")).isZero();
    assertThat(credits.balances(merchantId, customerId))
        .containsExactly(new CreditBalance("USD", 3_000));
    assertThat(credits.movements(merchantId, customerId, null, 10))
        .extracting(CreditMovement::amount)
        .containsExactly(-2_000L, 5_000L);
    assertThatThrownBy(
            () ->
                credits.add(
                    merchantId,
                    customerId,
                    "USD",
                    -1,
                    CreditMovement.Kind.OVERPAYMENT,
                    null,
                    null,
                    key + "-wrong-sign"))
        .as("an overpayment only ever adds")
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
  }

  @Test
  void whatACustomerOwesIsListedEarliestDueFirst() {
    Invoice late = newInvoice(customerId, LocalDate.of(2026, 12, 30), 10_000);
    Invoice early = newInvoice(customerId, LocalDate.of(2026, 12, 10), 10_000);
    Invoice paid = newInvoice(customerId, LocalDate.of(2026, 12, 1), 5_000);
    invoices.applyPayment(paid.id(), 5_000);

    assertThat(invoices.owedBy(merchantId, customerId, "USD", 10))
        .extracting(Invoice::id)
        .containsExactly(early.id(), late.id());
    assertThat(invoices.owedBy(merchantId, customerId, "EUR", 10)).isEmpty();
  }

  // MySQL and MariaDB apply an UPDATE's SET clauses left to right: a status computed after
  // amount_paid was raised would count the payment twice and call 6,000 of 10,000 paid.
  @Test
  void moreThanHalfPaidIsStillOnlyPartiallyPaidAndTheRestPaysIt() {
    Invoice invoice = newInvoice(List.of(10_000L));

    assertThat(invoices.applyPayment(invoice.id(), 6_000).status())
        .isEqualTo(InvoiceStatus.PARTIALLY_PAID);
    Invoice paid = invoices.applyPayment(invoice.id(), 4_000);

    assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(paid.amountPaid()).isEqualTo(10_000);
  }

  @Test
  void anAttemptKeepsThePaymentMethodItWasFirstWrittenWith() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";

    payments.insertAttemptIfAbsent(
        merchantId, invoice.id(), 1, key, 12_000, "USD", "AGENT", "pm_card_mastercard");
    var again =
        payments.insertAttemptIfAbsent(
            merchantId, invoice.id(), 1, key, 12_000, "USD", "AGENT", "pm_card_visa");

    assertThat(again.paymentMethodId()).isEqualTo("pm_card_mastercard");
  }

  @Test
  void anExternalPaymentIsInsertedOncePerKey() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-external-CHQ-1";

    var first =
        payments.insertExternalPaymentIfAbsent(
            merchantId, customerId, key, 5_000, "USD", "CHEQUE", "CHQ-1");
    var again =
        payments.insertExternalPaymentIfAbsent(
            merchantId, customerId, key, 5_000, "USD", "CHEQUE", "CHQ-1");

    assertThat(first.isNew()).isTrue();
    assertThat(again).isEqualTo(new PaymentRepository.Inserted(first.id(), false));
    assertThat(payments.findPayment(key).orElseThrow())
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo("EXTERNAL");
              assertThat(p.externalMethod()).isEqualTo("CHEQUE");
              assertThat(p.externalReference()).isEqualTo("CHQ-1");
              assertThat(p.attemptId()).isNull();
            });
  }

  @Test
  void theProcessingFeeIsAddedOnceAsItsOwnLine() {
    Invoice invoice = newInvoice(List.of(10_000L));

    Invoice withFee = invoices.addProcessingFee(invoice.id(), 250).orElseThrow();
    Invoice again = invoices.addProcessingFee(invoice.id(), 250).orElseThrow();

    assertThat(withFee.total()).isEqualTo(10_250);
    assertThat(again.total()).isEqualTo(10_250);
    assertThat(invoices.lines(invoice.id()))
        .extracting(InvoiceLine::kind, InvoiceLine::amount)
        .containsExactly(tuple(LineKind.ITEM, 10_000L), tuple(LineKind.PROCESSING_FEE, 250L));
    assertThat(invoices.addProcessingFee(Long.MAX_VALUE, 250)).isEmpty();
  }

  @Test
  void aPaidInvoiceGetsNoFeeAndNoFeeIsNegative() {
    Invoice paid = newInvoice(List.of(10_000L));
    invoices.applyPayment(paid.id(), 10_000);
    Invoice open = newInvoice(List.of(10_000L));

    assertRefused(() -> invoices.addProcessingFee(paid.id(), 250), Reason.INVOICE_CLOSED);
    assertRefused(() -> invoices.addProcessingFee(open.id(), -1), Reason.NEGATIVE_AMOUNT);
    assertThat(invoices.lines(paid.id())).hasSize(1);
    assertThat(invoices.lines(open.id())).hasSize(1);
  }

  @Test
  void aNewTotalIsAnAdjustmentLineSoTheLinesStillSumUpToIt() {
    Invoice invoice = newInvoice(List.of(7_000L, 5_000L));

    Invoice changed =
        invoices.change(invoice.id(), 10_000L, LocalDate.of(2027, 1, 15)).orElseThrow();
    Invoice repeated =
        invoices.change(invoice.id(), 10_000L, LocalDate.of(2027, 1, 15)).orElseThrow();

    assertThat(changed.total()).isEqualTo(10_000);
    assertThat(changed.dueDate()).isEqualTo(LocalDate.of(2027, 1, 15));
    assertThat(repeated).isEqualTo(changed);
    assertThat(invoices.lines(invoice.id()))
        .extracting(InvoiceLine::kind, InvoiceLine::amount)
        .containsExactly(
            tuple(LineKind.ITEM, 7_000L),
            tuple(LineKind.ITEM, 5_000L),
            tuple(LineKind.ADJUSTMENT, -2_000L));
  }

  @Test
  void aDueDateAloneChangesNoLine() {
    Invoice invoice = newInvoice(List.of(12_000L));

    Invoice changed = invoices.change(invoice.id(), null, LocalDate.of(2027, 2, 1)).orElseThrow();

    assertThat(changed.dueDate()).isEqualTo(LocalDate.of(2027, 2, 1));
    assertThat(changed.total()).isEqualTo(12_000);
    assertThat(invoices.lines(invoice.id())).hasSize(1);
  }

  @Test
  void aTotalBelowWhatIsPaidIsRefusedAndLoweringItToWhatIsPaidPaysTheInvoice() {
    Invoice invoice = newInvoice(List.of(12_000L));
    invoices.applyPayment(invoice.id(), 5_000);

    assertRefused(
        () -> invoices.change(invoice.id(), 4_999L, LocalDate.of(2027, 3, 1)),
        Reason.TOTAL_BELOW_AMOUNT_PAID);
    Invoice unchanged = invoices.findById(invoice.id()).orElseThrow();
    assertThat(unchanged.total()).isEqualTo(12_000);
    assertThat(unchanged.dueDate()).isEqualTo(invoice.dueDate());
    assertThat(invoices.lines(invoice.id())).hasSize(1);

    Invoice paid = invoices.change(invoice.id(), 5_000L, null).orElseThrow();
    assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
    assertRefused(() -> invoices.change(invoice.id(), 6_000L, null), Reason.INVOICE_CLOSED);
  }

  @Test
  void theRowShowsTheWorkflowsStateButATerminalOneNeverGoesBack() {
    Invoice invoice = newInvoice(List.of(12_000L));

    assertThat(invoices.showStatus(invoice.id(), InvoiceStatus.PROCESSING)).isTrue();
    assertThat(status(invoice)).isEqualTo(InvoiceStatus.PROCESSING);
    assertThat(invoices.showStatus(invoice.id(), InvoiceStatus.VOID)).isTrue();
    assertThat(invoices.showStatus(invoice.id(), InvoiceStatus.OPEN)).isFalse();
    assertThat(status(invoice)).isEqualTo(InvoiceStatus.VOID);
    assertThat(invoices.showStatus(Long.MAX_VALUE, InvoiceStatus.OPEN)).isFalse();
  }

  @Test
  void openShowsAsPartiallyPaidOnceMoneyCameAndPaidOnlyWhenItAllCame() {
    Invoice invoice = newInvoice(List.of(12_000L));
    invoices.applyPayment(invoice.id(), 2_000);
    invoices.showStatus(invoice.id(), InvoiceStatus.PROCESSING);

    invoices.showStatus(invoice.id(), InvoiceStatus.OPEN);

    assertThat(status(invoice)).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
    assertRefused(
        () -> invoices.showStatus(invoice.id(), InvoiceStatus.PAID), Reason.NOT_FULLY_PAID);
    assertThat(status(invoice)).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
  }

  @Test
  void theDatabaseRefusesAnUnknownInvoiceStatus() {
    Invoice invoice = newInvoice(List.of(12_000L));

    assertThatThrownBy(
            () ->
                jdbc.sql("UPDATE invoice SET status = 'RETRY_SCHEDULED' WHERE id = :id")
                    .param("id", invoice.id())
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void aNewMerchantHasTheDefaultCollectionPolicyAndCanChangeIt() {
    assertThat(merchants.collectionPolicy(merchantId)).contains(CollectionPolicy.defaults());

    var strict =
        new CollectionPolicy(List.of(2, 4), OnExhaustion.MARK_UNCOLLECTIBLE, 48, 60, 720, 290);
    assertThat(merchants.updateCollectionPolicy(merchantId, strict)).isTrue();
    assertThat(merchants.collectionPolicy(merchantId)).contains(strict);

    var noRetries = new CollectionPolicy(List.of(), OnExhaustion.LEAVE_OPEN, 168, 360, 2880, 0);
    merchants.updateCollectionPolicy(merchantId, noRetries);
    assertThat(merchants.collectionPolicy(merchantId)).contains(noRetries);
    assertThat(merchants.collectionPolicy(Long.MAX_VALUE)).isEmpty();
    assertThatThrownBy(
            () -> new CollectionPolicy(List.of(0), OnExhaustion.LEAVE_OPEN, 168, 360, 2880, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNotificationIsWrittenOncePerKeyWithEverythingTheSenderNeeds() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-failed-1";
    Instant nextRetry = Instant.parse("2026-12-02T09:30:00Z");
    var failed =
        new NewNotification(
            key,
            merchantId,
            "PAYMENT_FAILED",
            invoice.id(),
            invoice.number(),
            customerId,
            "Acme Ltd",
            "ap@acme.test",
            List.of("billing@merchant.test"),
            12_000,
            "USD",
            nextRetry,
            "http://localhost:8080/pay/" + invoice.invoiceKey(),
            "pi_1",
            "insufficient_funds",
            "{}");

    assertThat(notifications.insertIfAbsent(failed)).isTrue();
    assertThat(notifications.insertIfAbsent(failed)).isFalse();

    assertThat(notifications.ofInvoice(invoice.id()))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.notificationKey()).isEqualTo(key);
              assertThat(n.status()).isEqualTo("PENDING");
              assertThat(n.recipientEmail()).isEqualTo("ap@acme.test");
              assertThat(n.ccEmails()).containsExactly("billing@merchant.test");
              assertThat(n.amount()).isEqualTo(12_000);
              assertThat(n.nextRetryAt().toInstant(ZoneOffset.UTC)).isEqualTo(nextRetry);
              assertThat(n.paymentLinkUrl()).endsWith("/pay/" + invoice.invoiceKey());
              assertThat(n.reason()).isEqualTo("insufficient_funds");
              assertThat(n.createdAt()).isNotNull();
              assertThat(n.sentAt()).isNull();
            });
  }

  @Test
  void theRelayClaimsEachDueMessageOnceAndMarksWhatBecameOfIt() {
    Invoice invoice = newInvoice(List.of(1_000L));
    String key = "settle-" + invoice.invoiceKey() + "-paid";
    notifications.insertIfAbsent(message(invoice, key, "ap@acme.test"));
    notifications.insertIfAbsent(message(invoice, key + "-nobody", null));
    OutboxNotification queued = notifications.findByKey(key).orElseThrow();
    assertThat(notifications.findByKey(key + "-nobody").orElseThrow().status())
        .isEqualTo("SKIPPED");

    Instant now = Instant.now().plusSeconds(1);
    assertThat(ids(notifications.claimDue(now, now.plusSeconds(120), 1_000)))
        .contains(queued.id())
        .doesNotContain(notifications.findByKey(key + "-nobody").orElseThrow().id());
    // Leased: no other relay takes it meanwhile.
    assertThat(ids(notifications.claimDue(now.plusSeconds(60), now.plusSeconds(180), 1_000)))
        .doesNotContain(queued.id());

    notifications.markFailed(queued.id(), "connection refused", now.plusSeconds(30));
    OutboxNotification failed = notifications.findById(queued.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).isEqualTo("connection refused");
    assertThat(notifications.listByStatus(merchantId, NotificationStatus.FAILED, 100))
        .extracting(OutboxNotification::id)
        .contains(queued.id());
    assertThat(ids(notifications.claimDue(now.plusSeconds(31), now.plusSeconds(200), 1_000)))
        .contains(queued.id());

    notifications.markSent(queued.id(), "<settle.1@example.test>", now.plusSeconds(32));
    OutboxNotification sent = notifications.findById(queued.id()).orElseThrow();
    assertThat(sent.status()).isEqualTo("SENT");
    assertThat(sent.attempts()).isEqualTo(2);
    assertThat(sent.messageId()).isEqualTo("<settle.1@example.test>");
    assertThat(sent.sentAt()).isNotNull();
    assertThat(ids(notifications.claimDue(now.plusSeconds(3_600), now.plusSeconds(3_700), 1_000)))
        .doesNotContain(queued.id());
    // A late failure report (a second relay after the lease) does not undo SENT.
    notifications.markFailed(queued.id(), "late", null);
    assertThat(notifications.findById(queued.id()).orElseThrow().status()).isEqualTo("SENT");
  }

  @Test
  void aGivenUpMessageWaitsForAPersonAndIsDueAgainWhenRetried() {
    Invoice invoice = newInvoice(List.of(1_000L));
    String key = "settle-" + invoice.invoiceKey() + "-failed-1";
    notifications.insertIfAbsent(message(invoice, key, "ap@acme.test"));
    long id = notifications.findByKey(key).orElseThrow().id();
    Instant now = Instant.now().plusSeconds(1);
    notifications.claimDue(now, now.plusSeconds(120), 1_000);
    notifications.markFailed(id, "550 mailbox unavailable", null);

    assertThat(notifications.countGivenUp()).isPositive();
    assertThat(ids(notifications.claimDue(now.plusSeconds(86_400), now.plusSeconds(86_500), 1_000)))
        .doesNotContain(id);
    assertThat(notifications.retryGivenUp(merchantId + 1, id, now)).isEmpty();
    assertThat(notifications.retryGivenUp(merchantId, id, now))
        .hasValueSatisfying(n -> assertThat(n.attempts()).isZero());
    assertThat(notifications.retryGivenUp(merchantId, id, now)).isEmpty();
    assertThat(ids(notifications.claimDue(now.plusSeconds(1), now.plusSeconds(120), 1_000)))
        .contains(id);
  }

  @Test
  void theJanitorFindsLostWebhooksMismatchesAndPaymentsStripeDidNotListAndEachFindingOnce() {
    String run = "reconciliation:" + merchantId + ":test-" + unique();
    Instant start = Instant.now().minus(Duration.ofDays(1));
    Instant end = Instant.now().plus(Duration.ofMinutes(1));
    reconciliation.begin(run, merchantId, start, end, Instant.now());
    reconciliation.begin(run, merchantId, start, end, Instant.now()); // a retried activity

    Invoice lost = newInvoice(List.of(5_000L));
    Invoice matched = newInvoice(List.of(7_000L));
    Invoice mismatched = newInvoice(List.of(9_000L));
    Invoice unlisted = newInvoice(List.of(4_000L));
    String lostIntent = "pi_lost_" + unique();
    String matchedIntent = "pi_ok_" + unique();
    String mismatchedIntent = "pi_diff_" + unique();
    String unlistedIntent = "pi_unlisted_" + unique();
    paid(matched, matchedIntent, 7_000);
    paid(mismatched, mismatchedIntent, 8_000);
    paid(unlisted, unlistedIntent, 4_000);
    List<ListedIntent> listed =
        List.of(
            listed(lostIntent, "succeeded", 5_000, lost.id()),
            listed(matchedIntent, "succeeded", 7_000, matched.id()),
            listed(mismatchedIntent, "succeeded", 9_000, mismatched.id()),
            listed("pi_declined_" + unique(), "requires_payment_method", 0, lost.id()),
            new ListedIntent(
                "pi_not_settles_" + unique(), "succeeded", 100, "USD", null, null, Instant.now()));
    reconciliation.recordIntents(run, listed);
    reconciliation.recordIntents(run, listed); // a retried page

    assertThat(reconciliation.succeededWithoutPayment(run, merchantId))
        .as("a succeeded PaymentIntent of Settle's without a payment; another system's is not ours")
        .extracting(ListedIntent::paymentIntentId)
        .containsExactly(lostIntent);
    long inbox =
        jdbc.sql(
                """
                INSERT INTO stripe_event (merchant_id, stripe_event_id, event_type, livemode,
                    stripe_created_at, payload, invoice_id, state, received_at)
                VALUES (:merchantId, :event, 'payment_intent.succeeded', FALSE, :now, '{}',
                        :invoice, 'FAILED', :now)
                """)
            .param("merchantId", merchantId)
            .param("event", "evt_" + unique())
            .param("now", LocalDateTime.now(ZoneOffset.UTC))
            .param("invoice", lost.id())
            .update();
    assertThat(inbox).isEqualTo(1);
    assertThat(reconciliation.succeededWithoutPayment(run, merchantId))
        .as("its webhook is in the inbox, waiting for Temporal: late, not lost")
        .isEmpty();
    jdbc.sql("UPDATE stripe_event SET state = 'DISPATCHED' WHERE invoice_id = :invoice")
        .param("invoice", lost.id())
        .update();
    assertThat(reconciliation.succeededWithoutPayment(run, merchantId)).hasSize(1);
    assertThat(reconciliation.amountMismatches(run, merchantId))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(DriftKind.AMOUNT_MISMATCH);
              assertThat(m.paymentIntentId()).isEqualTo(mismatchedIntent);
              assertThat(m.amount()).isEqualTo(8_000);
            });
    assertThat(reconciliation.paymentsNotListedAsSucceeded(run, merchantId, start, end))
        .extracting(ReconciliationRepository.LedgerPayment::paymentIntentId)
        .containsExactly(unlistedIntent);
    assertThat(reconciliation.hasPayment(merchantId, matchedIntent)).isTrue();
    assertThat(reconciliation.hasPayment(merchantId, lostIntent)).isFalse();

    NewFinding finding = NewFinding.lostWebhook(listed.get(0));
    assertThat(reconciliation.record(run, merchantId, finding, Instant.now())).isTrue();
    assertThat(reconciliation.record(run, merchantId, finding, Instant.now()))
        .as("once per run, kind and subject")
        .isFalse();
    Finding recorded = reconciliation.findings(run, FindingOutcome.FOUND).getFirst();
    assertThat(recorded.invoiceId()).isEqualTo(lost.id());
    assertThat(
            reconciliation.move(
                recorded.id(), FindingOutcome.FOUND, FindingOutcome.APPLIED, null, Instant.now()))
        .isTrue();
    assertThat(
            reconciliation.move(
                recorded.id(), FindingOutcome.FOUND, FindingOutcome.APPLIED, null, Instant.now()))
        .as("a retried move changes nothing")
        .isFalse();
    reconciliation.move(
        recorded.id(), FindingOutcome.APPLIED, FindingOutcome.FIXED, null, Instant.now());
    assertThat(reconciliation.drift(run))
        .contains(new DriftTotal(DriftKind.LOST_WEBHOOK, 1, 1, 0))
        .contains(new DriftTotal(DriftKind.MISSING_WORKFLOW, 0, 0, 0));

    reconciliation.finish(run, "COMPLETED", 5, 0, 0, Instant.now());
    assertThat(reconciliation.findRun(merchantId, run))
        .hasValueSatisfying(
            r -> {
              assertThat(r.status()).isEqualTo("COMPLETED");
              assertThat(r.intentsChecked()).isEqualTo(5);
            });
    assertThat(reconciliation.findRun(merchantId + 1, run)).as("another merchant's").isEmpty();
    reconciliation.forgetListedIntents(merchantId, Instant.now().plus(Duration.ofMinutes(5)));
    assertThat(reconciliation.succeededWithoutPayment(run, merchantId))
        .as("what Stripe listed is forgotten")
        .isEmpty();
    assertThat(reconciliation.findings(run)).as("the findings stay").hasSize(1);
  }

  @Test
  void theJanitorFindsAttemptsUnknownTooLongWaitingOnesAndOpenInvoices() {
    Backlog unknownBefore = reconciliation.unknownAttemptsBacklog();
    String run = "reconciliation:" + merchantId + ":test-" + unique();
    reconciliation.begin(
        run, merchantId, Instant.now().minusSeconds(60), Instant.now(), Instant.now());
    Invoice unknown = newInvoice(List.of(3_000L));
    Invoice processing = newInvoice(List.of(6_000L));
    Invoice closed = newInvoice(List.of(2_000L));
    var unknownAttempt = attempt(unknown, AttemptStatus.UNKNOWN, null);
    attempt(processing, AttemptStatus.PROCESSING, "pi_ach_" + unique());
    paid(closed, "pi_closed_" + unique(), 2_000);
    invoices.applyPayment(closed.id(), 2_000);

    assertThat(reconciliation.unknownAttempts(merchantId, Instant.now().plusSeconds(60)))
        .extracting(ReconciliationRepository.LedgerAttempt::id)
        .containsExactly(unknownAttempt.id());
    assertThat(reconciliation.unknownAttempts(merchantId, Instant.now().minusSeconds(3_600)))
        .as("not yet unknown for long enough")
        .isEmpty();
    assertThat(reconciliation.stillUnknown(unknownAttempt.id())).isTrue();
    Backlog unknownAfter = reconciliation.unknownAttemptsBacklog();
    assertThat(unknownAfter.count()).isEqualTo(unknownBefore.count() + 1);
    assertThat(unknownAfter.oldestSince()).isNotNull();
    assertThat(reconciliation.waitingAttemptsNotListed(run, merchantId))
        .extracting(ReconciliationRepository.LedgerAttempt::invoiceId)
        .containsExactly(processing.id());
    String processingIntent =
        payments.attemptsOf(processing.id()).getFirst().stripePaymentIntentId();
    assertThat(reconciliation.attemptWaitsOn(merchantId, processingIntent)).isTrue();
    reconciliation.recordIntents(
        run, List.of(listed(processingIntent, "requires_payment_method", 0, processing.id())));
    assertThat(reconciliation.waitingOnEndedIntents(run, merchantId))
        .as("Stripe says it failed; the attempt still waits: a lost failure webhook")
        .extracting(ReconciliationRepository.LedgerAttempt::paymentIntentId)
        .containsExactly(processingIntent);
    assertThat(reconciliation.waitingAttemptsNotListed(run, merchantId)).isEmpty();
    assertThat(reconciliation.openInvoiceIds(merchantId, 0, 10, Instant.now().plusSeconds(60)))
        .as("open ones only, by id")
        .containsExactly(unknown.id(), processing.id());
    assertThat(
            reconciliation.openInvoiceIds(
                merchantId, unknown.id(), 10, Instant.now().plusSeconds(60)))
        .containsExactly(processing.id());
    assertThat(reconciliation.openInvoiceIds(merchantId, 0, 10, Instant.now().minusSeconds(3_600)))
        .as("too new to judge")
        .isEmpty();
  }

  private ListedIntent listed(String id, String status, long amount, long invoiceId) {
    return new ListedIntent(id, status, amount, "USD", invoiceId, null, Instant.now());
  }

  private void paid(Invoice invoice, String paymentIntentId, long amount) {
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";
    var attempt =
        payments.insertAttemptIfAbsent(
            merchantId, invoice.id(), 1, key, amount, "USD", "AUTO", "pm_card_visa");
    payments.insertPaymentIfAbsent(
        merchantId, customerId, attempt.id(), key, amount, "USD", "AUTO", paymentIntentId);
  }

  private PaymentAttempt attempt(Invoice invoice, AttemptStatus status, String paymentIntentId) {
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";
    payments.insertAttemptIfAbsent(
        merchantId, invoice.id(), 1, key, invoice.total(), "USD", "AUTO", "pm_card_visa");
    payments.recordAttemptOutcome(key, status, paymentIntentId, null, null, null);
    return payments.findAttempt(key).orElseThrow();
  }

  private NewNotification message(Invoice invoice, String key, String to) {
    return new NewNotification(
        key,
        merchantId,
        "PAID",
        invoice.id(),
        invoice.number(),
        customerId,
        "Acme Ltd",
        to,
        List.of(),
        1_000,
        "USD",
        null,
        null,
        "pi_1",
        null,
        "{}");
  }

  private static List<Long> ids(List<OutboxNotification> rows) {
    return rows.stream().map(OutboxNotification::id).toList();
  }

  private InvoiceStatus status(Invoice invoice) {
    return invoices.findById(invoice.id()).orElseThrow().status();
  }

  private static void assertRefused(ThrowingCallable write, Reason reason) {
    assertThatThrownBy(write)
        .isInstanceOf(RefusedInvoiceChange.class)
        .extracting(e -> ((RefusedInvoiceChange) e).reason())
        .isEqualTo(reason);
  }

  private Invoice newInvoice(List<Long> amounts) {
    List<InvoiceLine> lines =
        java.util.stream.IntStream.range(0, amounts.size())
            .mapToObj(i -> new InvoiceLine(i + 1, LineKind.ITEM, "Line " + (i + 1), amounts.get(i)))
            .toList();
    return invoices.insert(
        new NewInvoice(
            merchantId,
            "INV-" + unique(),
            customerId,
            "USD",
            LocalDate.of(2026, 12, 1),
            "ON_CREATION",
            lines,
            null,
            null));
  }

  private Invoice newInvoice(long customer, LocalDate dueDate, long amount) {
    return invoices.insert(
        new NewInvoice(
            merchantId,
            "INV-" + unique(),
            customer,
            "USD",
            dueDate,
            "OFF",
            List.of(new InvoiceLine(1, LineKind.ITEM, "Line 1", amount)),
            null,
            null));
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  // --- The webhook inbox -------------------------------------------------------------------

  @Autowired StripeEventRepository stripeEvents;

  @Test
  void aStripeEventIsStoredOncePerMerchantAndEventIdWithItsWholePayload() {
    String eventId = "evt_" + unique();
    // Larger than a TEXT column holds, as a big object's event can be.
    String payload = "{\"id\":\"" + eventId + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
    Instant received = Instant.parse("2026-03-01T10:15:30.123456Z");

    Optional<Long> first =
        stripeEvents.insertIfAbsent(
            stripeEvent(merchantId, eventId, payload, StripeEventState.RECEIVED, received));
    Optional<Long> repeat =
        stripeEvents.insertIfAbsent(
            stripeEvent(merchantId, eventId, "{}", StripeEventState.RECEIVED, received));

    assertThat(first).isPresent();
    assertThat(repeat).isEmpty();
    StoredStripeEvent stored = stripeEvents.find(merchantId, eventId).orElseThrow();
    assertThat(stored.id()).isEqualTo(first.get());
    assertThat(stored.payload()).isEqualTo(payload);
    assertThat(stored.eventType()).isEqualTo("payment_intent.succeeded");
    assertThat(stored.invoiceId()).isEqualTo(42L);
    assertThat(stored.livemode()).isFalse();
    assertThat(stored.state()).isEqualTo(StripeEventState.RECEIVED);
    assertThat(stored.attempts()).isZero();
    assertThat(stored.receivedAt())
        .isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_456_000));
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_0000", null));
    assertThat(
            stripeEvents.insertIfAbsent(
                stripeEvent(otherMerchant, eventId, "{}", StripeEventState.RECEIVED, received)))
        .as("the same event id at another merchant is another event")
        .isPresent();
  }

  @Test
  void theFailedBacklogCountsEveryMerchantsFailedEventsAndDatesTheOldest() {
    Instant longAgo = Instant.parse("1999-01-01T00:00:00Z");
    Backlog before = stripeEvents.backlog(StripeEventState.FAILED);
    long id =
        stripeEvents
            .insertIfAbsent(
                stripeEvent(
                    merchantId, "evt_" + unique(), "{}", StripeEventState.RECEIVED, longAgo))
            .orElseThrow();
    assertThat(stripeEvents.backlog(StripeEventState.FAILED)).isEqualTo(before);

    stripeEvents.markFailed(id, "UNAVAILABLE: io exception", longAgo.plusSeconds(30));
    Backlog failed = stripeEvents.backlog(StripeEventState.FAILED);
    assertThat(failed.count()).isEqualTo(before.count() + 1);
    assertThat(failed.oldestSince()).as("received first, so the oldest").isEqualTo(longAgo);
    assertThat(failed.oldestAge(longAgo.plusSeconds(601))).isEqualTo(Duration.ofSeconds(601));

    stripeEvents.markDispatched(id, longAgo.plusSeconds(60));
    assertThat(stripeEvents.backlog(StripeEventState.FAILED).count()).isEqualTo(before.count());
  }

  @Test
  void aStripeEventFailsCountingAttemptsThenIsDispatchedAndStaysDispatched() {
    Instant received = Instant.parse("2026-03-01T10:15:00Z");
    long id =
        stripeEvents
            .insertIfAbsent(
                stripeEvent(
                    merchantId, "evt_" + unique(), "{}", StripeEventState.RECEIVED, received))
            .orElseThrow();
    assertThat(stripeEvents.findById(id).orElseThrow().nextAttemptAt())
        .as("a RECEIVED event is due from its arrival")
        .isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 15));

    stripeEvents.markFailed(id, "UNAVAILABLE: io exception", received.plusSeconds(30));
    stripeEvents.markFailed(id, "DEADLINE_EXCEEDED", received.plusSeconds(90));
    StoredStripeEvent failed = stripeEvents.findById(id).orElseThrow();
    assertThat(failed.state()).isEqualTo(StripeEventState.FAILED);
    assertThat(failed.attempts()).isEqualTo(2);
    assertThat(failed.lastError()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(failed.nextAttemptAt()).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 16, 30));
    assertThat(stripeEvents.listByState(merchantId, StripeEventState.FAILED, 10))
        .extracting(
            StripeEventSummary::id, StripeEventSummary::attempts, StripeEventSummary::nextAttemptAt)
        .containsExactly(tuple(id, 2, LocalDateTime.of(2026, 3, 1, 10, 16, 30)));

    Instant dispatchedAt = Instant.parse("2026-03-01T10:20:00Z");
    stripeEvents.markDispatched(List.of(id), dispatchedAt);
    stripeEvents.markFailed(id, "a late failure of a duplicate dispatch", dispatchedAt);
    stripeEvents.markDead(id, "a late parking of a duplicate dispatch");
    stripeEvents.markIgnored(id, "a late ignore");

    StoredStripeEvent dispatched = stripeEvents.findById(id).orElseThrow();
    assertThat(dispatched.state()).isEqualTo(StripeEventState.DISPATCHED);
    assertThat(dispatched.attempts()).isEqualTo(3);
    assertThat(dispatched.lastError()).isNull();
    assertThat(dispatched.dispatchedAt()).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 20));
    assertThat(dispatched.nextAttemptAt()).isNull();
    assertThat(stripeEvents.listByState(merchantId, StripeEventState.FAILED, 10)).isEmpty();
  }

  @Test
  void anIgnoredStripeEventKeepsItsReasonAndIsNotDue() {
    Instant base = pastEverything();
    long ignoredOnArrival = storedAt(base, StripeEventState.IGNORED);
    long ignoredLater = storedAt(base, StripeEventState.RECEIVED);

    stripeEvents.markIgnored(ignoredLater, "the invoice's workflow has ended");

    StoredStripeEvent ignored = stripeEvents.findById(ignoredLater).orElseThrow();
    assertThat(ignored.state()).isEqualTo(StripeEventState.IGNORED);
    assertThat(ignored.lastError()).isEqualTo("the invoice's workflow has ended");
    assertThat(ignored.nextAttemptAt()).isNull();
    assertThat(stripeEvents.findById(ignoredOnArrival).orElseThrow().nextAttemptAt()).isNull();
    assertThat(stripeEvents.listByState(merchantId, StripeEventState.IGNORED, 10))
        .extracting(StripeEventSummary::id)
        .containsExactly(ignoredOnArrival, ignoredLater);
    assertThat(claim(base.plusSeconds(60), base.plusSeconds(60), 10)).isEmpty();
  }

  @Test
  void dueStripeEventsAreClaimedLongestDueFirstInABoundedBatch() {
    Instant base = pastEverything();
    long newest = storedAt(base.plusSeconds(30), StripeEventState.RECEIVED);
    long oldest = storedAt(base, StripeEventState.RECEIVED);
    long retried = storedAt(base.plusSeconds(1), StripeEventState.RECEIVED);
    long ignored = storedAt(base.plusSeconds(5), StripeEventState.IGNORED);
    stripeEvents.markFailed(retried, "UNAVAILABLE", base.plusSeconds(10));

    assertThat(claim(base.plusSeconds(20), base.plusSeconds(20), 3))
        .extracting(StoredStripeEvent::id)
        .as("a RECEIVED event newer than the cut-off is still in its request's hands")
        .containsExactly(oldest, retried)
        .doesNotContain(ignored);
    assertThat(claim(base.plusSeconds(60), base.plusSeconds(60), 3))
        .extracting(StoredStripeEvent::id)
        .as("what the first claim took is leased to it")
        .containsExactly(newest);

    leaveNothingDue(oldest, retried, newest);
  }

  @Test
  void anEventThatKeepsFailingWaitsOutItsBackoffWhileTheEventsBehindItAreClaimed() {
    Instant base = pastEverything();
    long poison = storedAt(base, StripeEventState.RECEIVED);
    long behind = storedAt(base.plusSeconds(1), StripeEventState.RECEIVED);
    Instant now = base.plusSeconds(120);

    // A batch of one: the poison event comes first, fails, and is due again only in 30 s.
    assertThat(claim(now, now, 1)).extracting(StoredStripeEvent::id).containsExactly(poison);
    stripeEvents.markFailed(poison, "INVALID_ARGUMENT", now.plusSeconds(30));

    assertThat(claim(now.plusSeconds(1), now.plusSeconds(1), 1))
        .extracting(StoredStripeEvent::id)
        .as("the next run takes the event behind it")
        .containsExactly(behind);
    stripeEvents.markDispatched(behind, now.plusSeconds(1));
    assertThat(claim(now.plusSeconds(29), now.plusSeconds(29), 1)).isEmpty();
    assertThat(claim(now.plusSeconds(30), now.plusSeconds(30), 1))
        .extracting(StoredStripeEvent::id, StoredStripeEvent::attempts)
        .as("its backoff over, the failed event is due again")
        .containsExactly(tuple(poison, 1));

    leaveNothingDue(poison);
  }

  @Test
  void anEventOutOfTriesIsDeadUntilAnOperatorRetriesIt() {
    Instant base = pastEverything();
    long id = storedAt(base, StripeEventState.RECEIVED);
    long deadBefore = stripeEvents.countByState(StripeEventState.DEAD);
    stripeEvents.markFailed(id, "UNAVAILABLE", base.plusSeconds(30));

    stripeEvents.markDead(id, "INVALID_ARGUMENT: no such signal");

    StoredStripeEvent dead = stripeEvents.findById(id).orElseThrow();
    assertThat(dead.state()).isEqualTo(StripeEventState.DEAD);
    assertThat(dead.attempts()).isEqualTo(2);
    assertThat(dead.lastError()).isEqualTo("INVALID_ARGUMENT: no such signal");
    assertThat(dead.nextAttemptAt()).isNull();
    assertThat(stripeEvents.countByState(StripeEventState.DEAD)).isEqualTo(deadBefore + 1);
    assertThat(stripeEvents.listByState(merchantId, StripeEventState.DEAD, 10))
        .extracting(StripeEventSummary::id, StripeEventSummary::state)
        .containsExactly(tuple(id, StripeEventState.DEAD));
    Instant later = base.plus(java.time.Duration.ofDays(30));
    assertThat(claim(later, later, 10)).as("a DEAD event is not tried again").isEmpty();

    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_0001", null));
    assertThat(stripeEvents.retryDead(otherMerchant, id, later))
        .as("another merchant's event")
        .isEmpty();
    Optional<StoredStripeEvent> revived = stripeEvents.retryDead(merchantId, id, later);
    assertThat(revived)
        .get()
        .extracting(StoredStripeEvent::state, StoredStripeEvent::attempts)
        .containsExactly(StripeEventState.FAILED, 0);
    assertThat(revived.get().lastError()).isEqualTo("INVALID_ARGUMENT: no such signal");
    assertThat(stripeEvents.retryDead(merchantId, id, later)).as("no longer DEAD").isEmpty();
    assertThat(claim(later, later, 10)).extracting(StoredStripeEvent::id).containsExactly(id);

    leaveNothingDue(id);
  }

  @Test
  void twoClaimsAtOnceSkipEachOthersRowsInsteadOfWaitingOrSharingThem() throws Exception {
    Instant base = pastEverything();
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(storedAt(base.plusSeconds(i), StripeEventState.RECEIVED));
    }
    Instant now = base.plusSeconds(60);
    var held = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    var first = new java.util.concurrent.atomic.AtomicReference<List<StoredStripeEvent>>();
    Thread holder =
        Thread.ofPlatform()
            .start(
                () ->
                    transactions.executeWithoutResult(
                        tx -> {
                          // Claimed rows stay locked until this transaction ends.
                          first.set(claim(now, now, 2));
                          held.countDown();
                          awaitQuietly(release);
                        }));
    List<StoredStripeEvent> second;
    try {
      held.await();
      second = claim(now, now, 10);
    } finally {
      release.countDown();
      holder.join();
    }
    List<StoredStripeEvent> third = claim(now, now, 10);

    assertThat(first.get())
        .extracting(StoredStripeEvent::id)
        .containsExactlyElementsOf(ids.subList(0, 2));
    // MariaDB hands the second claim the rows the first did not take; H2 hands it none (it locks
    // more than the batch). Either way it neither waits nor shares a row, and nothing is lost:
    // what it did not get is claimed next.
    assertThat(second).extracting(StoredStripeEvent::id).isSubsetOf(ids.subList(2, 4));
    assertThat(java.util.stream.Stream.concat(second.stream(), third.stream()))
        .extracting(StoredStripeEvent::id)
        .containsExactlyInAnyOrderElementsOf(ids.subList(2, 4));

    leaveNothingDue(ids.toArray(Long[]::new));
  }

  @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A claim at {@code now} with the RECEIVED cut-off {@code receivedBefore}, leased an hour. */
  private List<StoredStripeEvent> claim(Instant now, Instant receivedBefore, int limit) {
    return stripeEvents.claimDue(now, receivedBefore, now.plusSeconds(3600), limit);
  }

  private static final AtomicLong pastsTaken = new AtomicLong();

  /**
   * A time older than anything an earlier test or run left due in a shared database, so the calling
   * test's rows lead the queue (claims take due rows across merchants): each run goes back further
   * by the seconds since the epoch, each test of a run by another 1000 s.
   */
  private static Instant pastEverything() {
    return Instant.parse("1990-01-01T00:00:00Z")
        .minusSeconds(Instant.now().getEpochSecond() + 1000 * pastsTaken.incrementAndGet());
  }

  /** Settles the test's rows so that no other test sharing the database finds them due. */
  private void leaveNothingDue(Long... ids) {
    for (long id : ids) {
      stripeEvents.markDispatched(id, Instant.now());
    }
  }

  private long storedAt(Instant receivedAt, StripeEventState state) {
    return stripeEvents
        .insertIfAbsent(stripeEvent(merchantId, "evt_" + unique(), "{}", state, receivedAt))
        .orElseThrow();
  }

  private static NewStripeEvent stripeEvent(
      long merchant, String eventId, String payload, StripeEventState state, Instant receivedAt) {
    return new NewStripeEvent(
        merchant,
        eventId,
        "payment_intent.succeeded",
        "2026-01-28.clover",
        false,
        Instant.parse("2026-03-01T10:15:00Z"),
        payload,
        42L,
        state,
        state == StripeEventState.IGNORED ? "not handled" : null,
        receivedAt);
  }

  @Autowired IdempotencyKeyRepository idempotencyKeys;

  @Test
  void anIdempotencyKeyIsReservedOncePerMerchantAndKeepsItsFirstAnswer() {
    String key = "order-" + unique();
    IdempotentRequest request = idempotentRequest(merchantId, key, "{\"name\":\"Acme\"}");

    assertThat(idempotencyKeys.reserve(request, Instant.now())).isTrue();
    assertThat(idempotencyKeys.reserve(request, Instant.now()))
        .as("the key is taken while its first request is processed")
        .isFalse();
    IdempotencyKeyRecord inProgress = idempotencyKeys.find(merchantId, key).orElseThrow();
    assertThat(inProgress.request()).isEqualTo(request);
    assertThat(inProgress.answer()).isEmpty();

    byte[] body = {'{', '}', (byte) 0xff, 0, (byte) 0xc3};
    idempotencyKeys.complete(
        merchantId,
        key,
        new StoredAnswer(201, "application/json", "/api/v1/customers/9", body),
        Instant.now());
    idempotencyKeys.complete(
        merchantId, key, new StoredAnswer(500, null, null, new byte[0]), Instant.now());
    idempotencyKeys.release(merchantId, key);

    StoredAnswer answer =
        idempotencyKeys.find(merchantId, key).orElseThrow().answer().orElseThrow();
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.location()).isEqualTo("/api/v1/customers/9");
    assertThat(answer.body()).as("byte for byte").containsExactly(body);
    assertThat(idempotencyKeys.reserve(request, Instant.now())).isFalse();
  }

  @Test
  void idempotencyKeysAreTheMerchantsOwnAndComparedExactly() {
    String key = "Order-" + unique();
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_0000", null));

    assertThat(idempotencyKeys.reserve(idempotentRequest(merchantId, key, "{}"), Instant.now()))
        .isTrue();
    assertThat(idempotencyKeys.reserve(idempotentRequest(otherMerchant, key, "{}"), Instant.now()))
        .as("another merchant's key of the same name")
        .isTrue();
    assertThat(
            idempotencyKeys.reserve(
                idempotentRequest(merchantId, key.toLowerCase(Locale.ROOT), "{}"), Instant.now()))
        .as("keys differing in case are different keys")
        .isTrue();
    assertThat(
            idempotencyKeys.reserve(idempotentRequest(merchantId, key + " ", "{}"), Instant.now()))
        .as("a trailing space makes another key")
        .isTrue();
    assertThat(idempotencyKeys.find(otherMerchant, key.toLowerCase(Locale.ROOT))).isEmpty();
  }

  @Test
  void aReleasedIdempotencyKeyCanBeReservedAgain() {
    String key = "retry-" + unique();
    IdempotentRequest request = idempotentRequest(merchantId, key, "{}");
    idempotencyKeys.reserve(request, Instant.now());

    idempotencyKeys.release(merchantId, key);

    assertThat(idempotencyKeys.find(merchantId, key)).isEmpty();
    assertThat(idempotencyKeys.reserve(request, Instant.now())).isTrue();
  }

  @Test
  void idempotencyKeysCreatedBeforeTheCutoffAreDeleted() {
    Instant now = Instant.now();
    String old = "old-" + unique();
    String recent = "recent-" + unique();
    idempotencyKeys.reserve(idempotentRequest(merchantId, old, "{}"), now.minusSeconds(90_000));
    idempotencyKeys.complete(
        merchantId, old, new StoredAnswer(200, null, null, new byte[] {1}), now);
    idempotencyKeys.reserve(idempotentRequest(merchantId, recent, "{}"), now.minusSeconds(60));

    assertThat(idempotencyKeys.deleteCreatedBefore(now.minusSeconds(86_400))).isPositive();

    assertThat(idempotencyKeys.find(merchantId, old)).isEmpty();
    assertThat(idempotencyKeys.find(merchantId, recent)).isPresent();
  }

  @Test
  void aMerchantsKeysAreListedWithoutHashOrToken() {
    String admin = apiKeys.issue(merchantId, "ADMIN", "", null);
    String portal = apiKeys.issue(merchantId, "PORTAL", "", customerId);
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_1111", null));
    apiKeys.issue(otherMerchant, "ADMIN", "", null);

    List<IssuedApiKey> listed = apiKeys.listByMerchant(merchantId);

    assertThat(listed)
        .extracting(
            IssuedApiKey::keyPrefix,
            IssuedApiKey::role,
            IssuedApiKey::customerId,
            IssuedApiKey::revokedAt)
        .containsExactly(
            tuple(admin.substring(0, 12), "ADMIN", null, null),
            tuple(portal.substring(0, 12), "PORTAL", customerId, null));
    assertThat(listed).allSatisfy(key -> assertThat(key.createdAt()).isNotNull());
    assertThat(listed.toString()).doesNotContain(admin, portal);
  }

  @Test
  void aRevokedKeyNoLongerAuthenticatesAndStaysListedAsRevoked() {
    String token = apiKeys.issue(merchantId, "AGENT", "receive_manual_payments", null);
    long id = apiKeys.findActiveByToken(token).orElseThrow().id();

    assertThat(apiKeys.revoke(merchantId, id)).isTrue();

    assertThat(apiKeys.findActiveByToken(token)).isEmpty();
    assertThat(apiKeys.listByMerchant(merchantId))
        .singleElement()
        .satisfies(key -> assertThat(key.revokedAt()).isNotNull());
    assertThat(apiKeys.revoke(merchantId, id)).as("revoking again").isTrue();
  }

  @Test
  void anotherMerchantsKeyIsNeitherRevokedNorFound() {
    long otherMerchant =
        merchants.insert(new NewMerchant("Other", "USD", "OFF", "sk_test_other_2222", null));
    String theirs = apiKeys.issue(otherMerchant, "ADMIN", "", null);
    long theirId = apiKeys.findActiveByToken(theirs).orElseThrow().id();

    assertThat(apiKeys.revoke(merchantId, theirId)).isFalse();
    assertThat(apiKeys.revoke(merchantId, Long.MAX_VALUE)).isFalse();

    assertThat(apiKeys.findActiveByToken(theirs)).isPresent();
  }

  private static IdempotentRequest idempotentRequest(long merchant, String key, String body) {
    return new IdempotentRequest(
        merchant,
        key,
        "POST",
        "/api/v1/customers",
        HexFormat.of().formatHex(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRolledWebhookSecretKeepsThePreviousOneUntilItExpires() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    merchants.recordWebhookEndpoint(merchantId, "we_1", "whsec_first", now);
    assertThat(merchants.webhookSigningSecrets(merchantId).orElseThrow().validAt(now))
        .containsExactly("whsec_first");

    merchants.recordWebhookEndpoint(merchantId, "we_2", "whsec_second", now.plusSeconds(24 * 3600));

    assertThat(
            merchants
                .webhookSigningSecrets(merchantId)
                .orElseThrow()
                .validAt(now.plusSeconds(3600)))
        .containsExactly("whsec_second", "whsec_first");
    assertThat(
            merchants
                .webhookSigningSecrets(merchantId)
                .orElseThrow()
                .validAt(now.plusSeconds(24 * 3600 + 1)))
        .containsExactly("whsec_second");
    String previous =
        jdbc.sql("SELECT previous_webhook_secret_encrypted FROM merchant WHERE id = :id")
            .param("id", merchantId)
            .query(String.class)
            .single();
    assertThat(previous).doesNotContain("whsec_first");

    merchants.recordWebhookEndpoint(merchantId, "we_2", null, now);
    assertThat(
            merchants
                .webhookSigningSecrets(merchantId)
                .orElseThrow()
                .validAt(now.plusSeconds(3600)))
        .as("an update without a new secret rolls nothing")
        .containsExactly("whsec_second", "whsec_first");
  }

  @Test
  void newStripeKeysReplaceTheOldOnesEncrypted() {
    assertThat(
            merchants.updateStripeKeys(
                merchantId, "sk_live_rotated_5555", "pk_live_x", "acct_1" + unique(), false))
        .isTrue();

    assertThat(merchants.stripeSecretKey(merchantId)).contains("sk_live_rotated_5555");
    var merchant = merchants.findById(merchantId).orElseThrow();
    assertThat(merchant.stripeSecretKeyLast4()).isEqualTo("5555");
    assertThat(merchant.stripeLivemode()).isTrue();
    assertThat(merchants.updateStripeKeys(Long.MAX_VALUE, "sk_test_x_1234", null, null, false))
        .isFalse();
  }

  @Test
  void aStripeAccountIsClaimedByOneMerchantUnlessShared() {
    String account = "acct_1" + unique();
    long owner =
        merchants.insert(
            new NewMerchant("Owner", "USD", "OFF", "sk_test_owner_0001", null, account, false));

    assertThatThrownBy(
            () ->
                merchants.insert(
                    new NewMerchant(
                        "Twin", "USD", "OFF", "sk_test_twin_0001", null, account, false)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThatThrownBy(
            () -> merchants.updateStripeKeys(merchantId, "sk_test_take_0001", null, account, false))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(merchants.stripeSecretKey(merchantId)).contains("sk_test_repo_secret_9876");

    long sharing =
        merchants.insert(
            new NewMerchant("Team", "USD", "OFF", "sk_test_team_0001", null, account, true));
    assertThat(sharing).isNotEqualTo(owner);
    assertThat(merchants.updateStripeKeys(owner, "sk_test_owner_0002", null, account, false))
        .as("the owner reconnects its own account")
        .isTrue();
  }

  @Test
  void customerPaymentSettingsHaveDefaultsAndReadBackAsStored() {
    CustomerPaymentSettings defaults = merchants.customerPaymentSettings(merchantId).orElseThrow();
    assertThat(defaults.settlementCurrency()).isEqualTo("USD");
    assertThat(defaults.autopayEnabled()).isTrue();
    assertThat(defaults.autopayTiming()).isEqualTo("ON_DUE_DATE");
    assertThat(defaults.importTypes()).containsExactly("card");
    assertThat(defaults.customerSyncMode()).isEqualTo(CustomerPaymentSettings.SyncMode.OFF);
    assertThat(defaults.portalPaymentMethods())
        .isEqualTo(CustomerPaymentSettings.PortalPaymentMethods.SHOW);

    var changed =
        new CustomerPaymentSettings(
            "EUR",
            false,
            "ON_CREATION",
            Set.of("card", "us_bank_account"),
            Set.of(),
            CustomerPaymentSettings.SyncMode.TWO_WAY,
            Set.of("email"),
            CustomerPaymentSettings.PortalPaymentMethods.ONLY_IF_SET,
            CustomerPaymentSettings.NotifyOn.FAILURES_ONLY,
            "billing@example.com",
            true);
    assertThat(merchants.updateCustomerPaymentSettings(merchantId, changed)).isTrue();

    assertThat(merchants.customerPaymentSettings(merchantId)).contains(changed);
    assertThat(merchants.findById(merchantId).orElseThrow().autopayTiming())
        .as("what new invoices copy")
        .isEqualTo("OFF");
    assertThat(merchants.customerPaymentSettings(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void customersAreListedNewestFirstByKeysetAndFilteredByMappingAndName() {
    long merchant =
        merchants.insert(new NewMerchant("Lister", "USD", "OFF", "sk_test_list_1111", null));
    long alpha = customers.insert(merchant, "Alpha 100% Ltd", null, null, null);
    long beta = customers.insert(merchant, "Beta", null, "cus_" + unique(), null);
    long gamma = customers.insert(merchant, "alphabet_co", null, null, null);
    var all = new CustomerRepository.ListFilter(null, null);

    assertThat(customers.list(merchant, all, null, 2))
        .extracting(Customer::id)
        .containsExactly(gamma, beta);
    assertThat(customers.list(merchant, all, beta, 2))
        .extracting(Customer::id)
        .containsExactly(alpha);
    assertThat(customers.list(merchant, new CustomerRepository.ListFilter(false, null), null, 10))
        .extracting(Customer::id)
        .containsExactly(gamma, alpha);
    assertThat(customers.list(merchant, new CustomerRepository.ListFilter(true, null), null, 10))
        .extracting(Customer::id)
        .containsExactly(beta);
    assertThat(customers.list(merchant, new CustomerRepository.ListFilter(null, "ALPHA"), null, 10))
        .extracting(Customer::id)
        .containsExactly(gamma, alpha);
    assertThat(customers.list(merchant, new CustomerRepository.ListFilter(null, "100%"), null, 10))
        .as("LIKE wildcards in the filter are plain characters")
        .extracting(Customer::id)
        .containsExactly(alpha);
    assertThat(customers.list(merchant, new CustomerRepository.ListFilter(null, "a_c"), null, 10))
        .isEmpty();
    assertThat(customers.unmapped(merchant, 0, 10))
        .extracting(Customer::id)
        .containsExactly(alpha, gamma);
    assertThat(customers.unmapped(merchant, 0, 1)).extracting(Customer::id).containsExactly(alpha);
    assertThat(customers.unmapped(merchant, alpha, 10))
        .extracting(Customer::id)
        .containsExactly(gamma);
    assertThat(customers.list(merchantId, all, null, 100))
        .extracting(Customer::id)
        .doesNotContain(alpha, beta, gamma);
  }

  @Test
  void everyCustomerGetsItsOwnRandomKeyThatStays() {
    long other = customers.insert(merchantId, "Other", null, null, null);
    Customer first = customers.findById(merchantId, customerId).orElseThrow();
    Customer second = customers.findById(merchantId, other).orElseThrow();

    assertThat(first.customerKey()).matches("cust_[0-9a-f]{32}");
    assertThat(second.customerKey()).matches("cust_[0-9a-f]{32}").isNotEqualTo(first.customerKey());
    customers.updateDetails(merchantId, other, "Renamed", null);
    customers.mapToStripe(merchantId, other, "cus_" + unique());
    assertThat(customers.findById(merchantId, other).orElseThrow().customerKey())
        .isEqualTo(second.customerKey());
  }

  @Test
  void aStripeCustomerMapsToOneCustomerOnlyAndAMappingIsNotOverwritten() {
    long other = customers.insert(merchantId, "Other", null, null, null);
    String taken = customers.findById(merchantId, customerId).orElseThrow().stripeCustomerId();

    assertThatThrownBy(() -> customers.mapToStripe(merchantId, other, taken))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(customers.mapToStripeIfUnmapped(merchantId, customerId, "cus_" + unique()))
        .isFalse();
    String fresh = "cus_" + unique();
    assertThat(customers.mapToStripeIfUnmapped(merchantId, other, fresh)).isTrue();
    assertThat(customers.findByStripeCustomerId(merchantId, fresh))
        .map(Customer::id)
        .contains(other);
    assertThat(customers.updateDetails(merchantId, other, null, "o@example.com")).isTrue();
    assertThat(customers.findById(merchantId, other).orElseThrow())
        .extracting(Customer::name, Customer::email)
        .containsExactly("Other", "o@example.com");
  }

  @Test
  void theMirrorIsReplacedByAnImportAndFollowsTheDefault() {
    String card = "pm_" + unique();
    String bank = "pm_" + unique();
    paymentMethods.replaceForCustomer(
        merchantId,
        customerId,
        List.of(
            new MirroredPaymentMethod(card, "card", "visa", "4242", 12, 2030, null),
            new MirroredPaymentMethod(
                bank, "us_bank_account", "STRIPE TEST BANK", "6789", null, null, "VERIFIED")),
        bank);

    assertThat(paymentMethods.listForCustomer(merchantId, customerId))
        .extracting(
            PaymentMethodRecord::stripePaymentMethodId,
            PaymentMethodRecord::isDefault,
            PaymentMethodRecord::expYear,
            PaymentMethodRecord::achVerification)
        .containsExactly(tuple(card, false, 2030, null), tuple(bank, true, null, "VERIFIED"));

    paymentMethods.replaceForCustomer(
        merchantId,
        customerId,
        List.of(new MirroredPaymentMethod(card, "card", "visa", "4242", 1, 2031, null)),
        card);

    assertThat(paymentMethods.listForCustomer(merchantId, customerId))
        .singleElement()
        .satisfies(
            method -> {
              assertThat(method.stripePaymentMethodId()).isEqualTo(card);
              assertThat(method.expYear()).isEqualTo(2031);
              assertThat(method.isDefault()).isTrue();
            });
    paymentMethods.replaceForCustomer(merchantId, customerId, List.of(), null);
    assertThat(paymentMethods.listForCustomer(merchantId, customerId)).isEmpty();
  }

  @Test
  void theAutopayMethodReadsAsAnInvoicePrintsIt() {
    String bank = "pm_" + unique();
    long none = customers.insert(merchantId, "No method", null, null, null);
    assertThat(customers.autopayMethodLabel(merchantId, none))
        .contains("No automatic payment setup");
    assertThat(customers.autopayMethodLabel(merchantId, customerId))
        .as("a default Settle has not mirrored")
        .contains("Saved payment method");

    paymentMethods.replaceForCustomer(
        merchantId,
        customerId,
        List.of(
            new MirroredPaymentMethod(
                bank, "us_bank_account", "STRIPE TEST BANK", "6789", null, null, "VERIFIED")),
        bank);
    customers.setDefaultPaymentMethod(merchantId, customerId, bank);

    assertThat(customers.autopayMethodLabel(merchantId, customerId))
        .contains("US bank account •••• 6789");
    assertThat(customers.autopayMethodLabel(merchantId, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void aPaymentMethodIsOneRowPerStripeIdAndMerchant() {
    String card = "pm_" + unique();
    long other = customers.insert(merchantId, "Other", null, null, null);
    paymentMethods.save(
        merchantId,
        customerId,
        new MirroredPaymentMethod(card, "card", "visa", "4242", 1, 2030, null));
    paymentMethods.save(
        merchantId, other, new MirroredPaymentMethod(card, "card", "visa", "4242", 1, 2030, null));

    assertThat(paymentMethods.listForCustomer(merchantId, customerId)).isEmpty();
    assertThat(paymentMethods.find(merchantId, card))
        .map(PaymentMethodRecord::customerId)
        .contains(other);
    assertThat(paymentMethods.delete(merchantId, card)).isTrue();
    assertThat(paymentMethods.delete(merchantId, card)).isFalse();
  }

  @Test
  void aCustomersRevisionMovesWithEveryChange() {
    long before = customers.revision(merchantId, customerId).orElseThrow();

    customers.setDefaultPaymentMethod(merchantId, customerId, "pm_" + unique());

    assertThat(customers.revision(merchantId, customerId).orElseThrow()).isGreaterThan(before);
    assertThat(customers.revision(merchantId + 1_000_000, customerId)).isEmpty();
  }
}
