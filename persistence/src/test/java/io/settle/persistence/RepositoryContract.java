package io.settle.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.payment.PaymentAttempt.AttemptStatus;
import io.settle.persistence.payment.PaymentRepository;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
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
  @Autowired JdbcClient jdbc;

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
  void anAttemptIsWrittenOncePerKeyHoweverOftenItIsBegun() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";

    var first =
        payments.insertAttemptIfAbsent(merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO");
    var again =
        payments.insertAttemptIfAbsent(merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(first.status()).isEqualTo(AttemptStatus.PENDING);
    assertThat(payments.attemptsOf(invoice.id())).hasSize(1);
  }

  @Test
  void aPaymentIsRecordedOncePerKeyAndPaysTheInvoice() {
    Invoice invoice = newInvoice(List.of(12_000L));
    String key = "settle-" + invoice.invoiceKey() + "-attempt-1";
    var attempt =
        payments.insertAttemptIfAbsent(merchantId, invoice.id(), 1, key, 12_000, "USD", "AUTO");

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
  void aPartialPaymentLeavesTheInvoiceOpenAndOverpaymentIsRefused() {
    Invoice invoice = newInvoice(List.of(10_000L));

    Invoice partly = invoices.applyPayment(invoice.id(), 4_000);

    assertThat(partly.status()).isEqualTo(InvoiceStatus.OPEN);
    assertThat(partly.amountPaid()).isEqualTo(4_000);
    assertThat(partly.amountDue()).isEqualTo(6_000);
    assertThatThrownBy(() -> invoices.applyPayment(invoice.id(), 6_001))
        .isInstanceOf(IllegalStateException.class);
    assertThat(invoices.findById(invoice.id()).orElseThrow().amountPaid()).isEqualTo(4_000);
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
            lines));
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
