package io.settle.notifications.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.settle.notifications.template.FactsJson;
import io.settle.notifications.template.MessageFacts;
import io.settle.notifications.template.NotificationTemplates;
import io.settle.notifications.template.RenderedMessage;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.notification.OutboxNotification;
import io.settle.workflows.notify.NotificationKind;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends the notification outbox by SMTP. It claims due rows (a lease, so two workers never send the
 * same row at once), renders each from the merchant's template, sends it with a {@code Message-ID}
 * derived from its key, and marks it SENT at once, or FAILED with the error and when to try again
 * (backing off), or given up after the last try.
 *
 * <p>SMTP has no idempotency key. If the worker dies after the server took a message and before the
 * row is marked, the row's lease runs out and the message is sent again, with the same {@code
 * Message-ID}. That window is one UPDATE long; it is the only way a message goes out twice, and no
 * message is ever lost.
 */
public class MailRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(MailRelay.class);

  private final NotificationRepository outbox;
  private final NotificationTemplates templates;
  private final JavaMailSender sender;
  private final MailProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong oldestUnsentSeconds = new AtomicLong();
  private volatile Instant measuredAt = Instant.EPOCH;
  private volatile boolean running;
  private Thread thread;

  public MailRelay(
      NotificationRepository outbox,
      NotificationTemplates templates,
      JavaMailSender sender,
      MailProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.outbox = outbox;
    this.templates = templates;
    this.sender = sender;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    // One metric for both outboxes (HostEventDeliveryConfiguration registers outbox="events"), so
    // name and description are the same.
    Gauge.builder("settle.outbox.oldest.unsent.seconds", oldestUnsentSeconds, AtomicLong::get)
        .description("Age of the oldest outbox row not yet sent")
        .tag("outbox", "email")
        .register(meters);
    Gauge.builder("settle.notifications.given.up", outbox, NotificationRepository::countGivenUp)
        .description("Emails given up after their last try, waiting for a person to retry them")
        .register(meters);
  }

  /** What one run did. */
  public record Run(int claimed, int sent) {}

  /** One run: claims a batch of due messages and sends them. */
  public Run sendDue() {
    Instant now = clock.instant();
    List<OutboxNotification> claimed =
        outbox.claimDue(now, now.plus(properties.lease()), properties.batchSize());
    AtomicLong sent = new AtomicLong();
    if (claimed.size() == 1 || properties.concurrency() == 1) {
      claimed.forEach(row -> sent.addAndGet(send(row) ? 1 : 0));
    } else if (!claimed.isEmpty()) {
      Semaphore permits = new Semaphore(properties.concurrency());
      try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
        for (OutboxNotification row : claimed) {
          each.submit(
              () -> {
                permits.acquireUninterruptibly();
                try {
                  sent.addAndGet(send(row) ? 1 : 0);
                } finally {
                  permits.release();
                }
              });
        }
      }
    }
    measure();
    return new Run(claimed.size(), (int) sent.get());
  }

  /** Sends one claimed row and marks it; answers whether the server took it. */
  boolean send(OutboxNotification row) {
    String messageId = MessageIds.of(row.notificationKey(), properties.messageIdDomain());
    String kind = row.kind();
    String partly = null;
    try {
      sender.send(compose(row, messageId));
    } catch (MailSendException refused) {
      if (refused.getMessageExceptions().length == 0
          || !Arrays.stream(refused.getMessageExceptions()).allMatch(MailRelay::someoneGotIt)) {
        failed(row, refused);
        return false;
      }
      // The server took it for some recipients and refused others: it is sent, and says so.
      partly = refused.getMessage();
    } catch (RuntimeException | MessagingException | UnsupportedEncodingException failed) {
      failed(row, failed);
      return false;
    }
    if (partly != null) {
      log.warn("email {} ({}): some addresses were refused: {}", row.id(), kind, partly);
    }
    outbox.markSent(row.id(), messageId, clock.instant());
    count(kind, "sent");
    log.info(
        "email {} ({}) for invoice {} sent to {}{}",
        row.id(),
        kind,
        row.invoiceNumber(),
        row.recipientEmail(),
        row.ccEmails().isEmpty() ? "" : " cc " + String.join(", ", row.ccEmails()));
    return true;
  }

  private MimeMessage compose(OutboxNotification row, String messageId)
      throws MessagingException, UnsupportedEncodingException {
    MessageFacts facts = row.facts() != null ? FactsJson.read(row.facts()) : factsOfColumns(row);
    RenderedMessage rendered =
        templates.render(row.merchantId(), NotificationKind.valueOf(row.kind()), facts);
    MimeMessage message = sender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
    helper.setFrom(new InternetAddress(properties.from(), facts.merchantName(), "UTF-8"));
    helper.setTo(row.recipientEmail());
    if (facts.replyTo() != null && !facts.replyTo().isBlank()) {
      // The templates say a reply reaches the merchant: it goes to its notification address.
      helper.setReplyTo(facts.replyTo());
    }
    if (!row.ccEmails().isEmpty()) {
      helper.setCc(row.ccEmails().toArray(String[]::new));
    }
    helper.setSubject(rendered.subject());
    helper.setText(rendered.text(), rendered.html());
    // Spring keeps a Message-ID set before sending; every try of this row carries the same one.
    message.setHeader("Message-ID", messageId);
    message.setHeader("X-Settle-Notification", row.notificationKey());
    return message;
  }

  /**
   * The facts of a row queued before rows carried them (V16): what its columns say, in UTC, without
   * the merchant's name or the invoice's totals.
   */
  private static MessageFacts factsOfColumns(OutboxNotification row) {
    return new MessageFacts(
        "",
        row.recipientName(),
        row.invoiceNumber(),
        null,
        null,
        null,
        row.currency(),
        row.amount(),
        null,
        row.paymentLinkUrl(),
        row.reason(),
        row.nextRetryAt() == null ? null : row.nextRetryAt().toInstant(ZoneOffset.UTC),
        "UTC",
        List.of());
  }

  private void failed(OutboxNotification row, Exception failure) {
    String error = describe(failure);
    Duration wait = permanent(failure) ? null : properties.backoffAfter(row.attempts() + 1);
    Instant retryAt = wait == null ? null : clock.instant().plus(wait);
    outbox.markFailed(row.id(), error, retryAt);
    count(row.kind(), retryAt == null ? "given_up" : "failed");
    if (retryAt == null) {
      log.error(
          "email {} ({}) for invoice {} given up after {} tries: {}",
          row.id(),
          row.kind(),
          row.invoiceNumber(),
          row.attempts() + 1,
          error);
    } else {
      log.warn(
          "email {} ({}) for invoice {} failed (try {}), again at {}: {}",
          row.id(),
          row.kind(),
          row.invoiceNumber(),
          row.attempts() + 1,
          retryAt,
          error);
    }
  }

  /**
   * A failure that trying again cannot mend: a message that cannot be built or rendered, or every
   * recipient refused by the server. A server that is down, slow or refusing us is tried again.
   */
  static boolean permanent(Exception failure) {
    if (failure instanceof MailParseException
        || failure instanceof MailPreparationException
        || failure instanceof IllegalArgumentException
        || failure instanceof UnsupportedOperationException
        || failure instanceof MessagingException && !(failure instanceof SendFailedException)) {
      return true;
    }
    if (failure instanceof MailSendException send) {
      return send.getMessageExceptions().length > 0
          && Arrays.stream(send.getMessageExceptions()).allMatch(MailRelay::everyoneRefused);
    }
    return false;
  }

  private static boolean someoneGotIt(Exception e) {
    return e instanceof SendFailedException refused
        && refused.getValidSentAddresses() != null
        && refused.getValidSentAddresses().length > 0;
  }

  private static boolean everyoneRefused(Exception e) {
    return e instanceof SendFailedException refused
        && refused.getInvalidAddresses() != null
        && refused.getInvalidAddresses().length > 0
        && (refused.getValidSentAddresses() == null || refused.getValidSentAddresses().length == 0)
        && (refused.getValidUnsentAddresses() == null
            || refused.getValidUnsentAddresses().length == 0);
  }

  private static String describe(Exception failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    return root == failure
        ? message
        : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private void count(String kind, String outcome) {
    Counter.builder("settle.notifications")
        .description("Emails by kind and outcome: sent, failed (tried again later), given_up")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  /** Keeps the oldest-unsent gauge current, reading the outbox at most every five seconds. */
  private void measure() {
    Instant now = clock.instant();
    if (Duration.between(measuredAt, now).compareTo(Duration.ofSeconds(5)) < 0) {
      return;
    }
    measuredAt = now;
    oldestUnsentSeconds.set(
        outbox
            .oldestUnsent()
            .map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds()))
            .orElse(0L));
  }

  private void loop() {
    while (running) {
      int claimed;
      try {
        claimed = sendDue().claimed();
      } catch (MailException | org.springframework.dao.DataAccessException failed) {
        // The store itself failed (the database is down): wait, then try again.
        log.warn("Could not claim outbox emails: {}", failed.getMessage());
        claimed = 0;
      }
      if (claimed < properties.batchSize()) {
        try {
          wake.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("mail-relay").start(this::loop);
    log.info("Mail relay started: sending the notification outbox as {}", properties.from());
  }

  @Override
  public void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
