package io.settle.notifications.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.OutgoingNotification;
import io.settle.notifications.template.NotificationTemplates;
import io.settle.notifications.template.RenderedMessage;
import io.settle.persistence.PersistenceConfiguration;
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
import io.settle.persistence.notification.OutboxNotification;
import io.settle.workflows.notify.NotificationKind;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail relay against a real SMTP server (GreenMail) and the real schema (H2 in MySQL mode):
 * what the outbox holds is sent once, with a stable Message-ID, and a server that is down costs a
 * retry, never a message. The relay's clock is moved by hand; nothing waits.
 */
@SpringBootTest(
    classes = MailRelayTest.StoreOnly.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:mailrelay;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "settle.crypto.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    })
class MailRelayTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({PersistenceConfiguration.class, NotificationOutbox.class})
  static class StoreOnly {}

  @Autowired NotificationOutbox queue;
  @Autowired NotificationRepository outbox;
  @Autowired MerchantRepository merchants;
  @Autowired CustomerRepository customers;
  @Autowired InvoiceRepository invoices;

  private MovableClock clock;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private GreenMail smtp;
  private MailRelay relay;
  private Invoice invoice;

  @BeforeEach
  void aMerchantACustomerAndAnSmtpServer() {
    // Just ahead of the outbox's own clock, which dates a queued row when it is written.
    clock = new MovableClock(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS));
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    long merchantId =
        merchants.insert(new NewMerchant("Acme Billing", "USD", "OFF", "sk_test_mail_1234", null));
    long customerId =
        customers.insert(merchantId, "Acme Ltd", "ap@acme.test", "cus_" + unique(), null);
    customers.updateDetails(merchantId, customerId, null, null, "cfo@acme.test");
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
            s.notifyOn(),
            "ar@merchant.test",
            false));
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
    relay = relayTo(smtp.getSmtp().getPort());
    // Earlier tests' rows are the previous relays' business, not this one's.
    drain();
  }

  @AfterEach
  void stopTheServer() {
    smtp.stop();
  }

  @Test
  void aQueuedMessageIsSentOnceToTheCustomerWithItsCopiesAndAStableMessageId() throws Exception {
    String key = queuePaid();

    relay.sendDue();
    relay.sendDue();

    MimeMessage[] received = smtp.getReceivedMessages();
    // GreenMail keeps one copy per recipient: the customer, its accounts CC, the merchant.
    assertThat(received).hasSize(3);
    MimeMessage message = received[0];
    assertThat(message.getSubject()).isEqualTo("Paid: " + invoice.number());
    assertThat(addresses(message, RecipientType.TO)).containsExactly("ap@acme.test");
    assertThat(addresses(message, RecipientType.CC))
        .containsExactly("cfo@acme.test", "ar@merchant.test");
    assertThat(message.getFrom()[0].toString()).contains("Acme Billing");
    assertThat(message.getReplyTo()[0].toString()).isEqualTo("ar@merchant.test");
    String messageId = MessageIds.of(key, "settle.test");
    assertThat(message.getMessageID()).isEqualTo(messageId);
    OutboxNotification row = outbox.findByKey(key).orElseThrow();
    assertThat(row.status()).isEqualTo("SENT");
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(row.messageId()).isEqualTo(messageId);
    assertThat(meters.counter("settle.notifications", "kind", "PAID", "outcome", "sent").count())
        .isEqualTo(1);
  }

  @Test
  void whileTheServerIsDownAMessageFailsAndIsSentOnceItIsBack() throws Exception {
    String key = queuePaid();
    int port = smtp.getSmtp().getPort();
    smtp.stop();

    relay.sendDue();

    OutboxNotification failed = outbox.findByKey(key).orElseThrow();
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).isNotBlank();
    assertThat(failed.nextAttemptAt().toInstant(ZoneOffset.UTC))
        .isEqualTo(clock.instant().plus(Duration.ofSeconds(30)));
    assertThat(outbox.oldestUnsent()).isPresent();
    // Not before its backoff is over.
    assertThat(relay.sendDue().claimed()).isZero();

    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    clock.move(Duration.ofSeconds(30));
    relay.sendDue();

    assertThat(smtp.getReceivedMessages()).hasSize(3);
    assertThat(outbox.findByKey(key).orElseThrow().status()).isEqualTo("SENT");
    assertThat(outbox.findByKey(key).orElseThrow().attempts()).isEqualTo(2);
    assertThat(meters.counter("settle.notifications", "kind", "PAID", "outcome", "failed").count())
        .isEqualTo(1);
  }

  @Test
  void aMessageClaimedByARelayThatDiedIsSentAfterItsLease() throws Exception {
    String key = queuePaid();
    // Another relay claimed it, and died before sending or marking it.
    outbox.claimDue(clock.instant(), clock.instant().plus(Duration.ofMinutes(2)), 100);

    relay.sendDue();
    assertThat(smtp.getReceivedMessages()).isEmpty();

    clock.move(Duration.ofMinutes(2));
    relay.sendDue();
    assertThat(smtp.getReceivedMessages()).hasSize(3);
    assertThat(outbox.findByKey(key).orElseThrow().status()).isEqualTo("SENT");
  }

  @Test
  void aMessageThatCannotBeRenderedIsGivenUpAtOnce() {
    NotificationTemplates broken = mock(NotificationTemplates.class);
    when(broken.render(anyLong(), any(), any()))
        .thenThrow(new IllegalArgumentException("no such variable"));
    MailRelay relay = relayTo(smtp.getSmtp().getPort(), broken);
    String key = queuePaid();

    relay.sendDue();

    OutboxNotification row = outbox.findByKey(key).orElseThrow();
    assertThat(row.status()).isEqualTo("FAILED");
    assertThat(row.nextAttemptAt()).isNull();
    assertThat(row.lastError()).contains("no such variable");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void backoffDoublesUpToItsLongestAndEndsAfterTheLastTry() {
    MailProperties properties =
        new MailProperties(
            true,
            "a@b.test",
            "b.test",
            10,
            1,
            Duration.ofSeconds(1),
            Duration.ofMinutes(2),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            6);
    assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.backoffAfter(6)).isNull();
  }

  private String queuePaid() {
    String key = "settle-" + invoice.invoiceKey() + "-paid";
    queue.queue(
        new OutgoingNotification(
            key,
            NotificationKind.PAID,
            invoice.merchantId(),
            invoice.customerId(),
            invoice.id(),
            10_000,
            null,
            null,
            "pi_1",
            null,
            null,
            null,
            List.of()));
    return key;
  }

  private void drain() {
    List<OutboxNotification> others;
    do {
      others = outbox.claimDue(clock.instant(), clock.instant().plus(Duration.ofDays(365)), 1_000);
    } while (!others.isEmpty());
  }

  private MailRelay relayTo(int port) {
    NotificationTemplates templates = mock(NotificationTemplates.class);
    when(templates.render(anyLong(), any(), any()))
        .thenAnswer(
            call ->
                new RenderedMessage(
                    "Paid: "
                        + ((io.settle.notifications.template.MessageFacts) call.getArgument(2))
                            .invoiceNumber(),
                    "<p>Thank you</p>",
                    "Thank you"));
    return relayTo(port, templates);
  }

  private MailRelay relayTo(int port, NotificationTemplates templates) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(port);
    sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
    sender.getJavaMailProperties().put("mail.smtp.timeout", "2000");
    MailProperties properties =
        new MailProperties(
            true,
            "billing@settle.test",
            "settle.test",
            20,
            2,
            Duration.ofSeconds(1),
            Duration.ofMinutes(2),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            24);
    return new MailRelay(outbox, templates, sender, properties, clock, meters);
  }

  private static List<String> addresses(MimeMessage message, RecipientType type) throws Exception {
    return message.getRecipients(type) == null
        ? List.of()
        : Arrays.stream(message.getRecipients(type)).map(Object::toString).toList();
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
