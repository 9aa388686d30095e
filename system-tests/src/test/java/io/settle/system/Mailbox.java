package io.settle.system;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) for the stack's mail relay, and what it received, one entry per
 * message (GreenMail keeps a copy per recipient). Tests tell their messages apart by their own
 * customers' addresses.
 */
public final class Mailbox implements AutoCloseable {

  private final GreenMail smtp;

  private Mailbox(GreenMail smtp) {
    this.smtp = smtp;
  }

  static Mailbox start() {
    GreenMail smtp =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    return new Mailbox(smtp);
  }

  int smtpPort() {
    return smtp.getSmtp().getPort();
  }

  /**
   * One message as received.
   *
   * @param key the outbox key it was sent for ({@code X-Settle-Notification})
   */
  public record Mail(
      String messageId,
      String key,
      List<String> to,
      List<String> cc,
      String subject,
      String text,
      String html) {

    public List<String> everyone() {
      List<String> all = new ArrayList<>(to);
      all.addAll(cc);
      return all;
    }
  }

  /** Every message sent to or copying {@code address}, in the order received. */
  public List<Mail> to(String address) {
    Map<String, Mail> unique = new LinkedHashMap<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      Mail mail = read(message);
      if (mail.everyone().stream().anyMatch(a -> a.equalsIgnoreCase(address))) {
        unique.putIfAbsent(mail.messageId(), mail);
      }
    }
    return List.copyOf(unique.values());
  }

  /** Every message about the invoice with {@code invoiceKey}, in the order received. */
  public List<Mail> about(String invoiceKey) {
    Map<String, Mail> unique = new LinkedHashMap<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      Mail mail = read(message);
      if (mail.key() != null && mail.key().startsWith("settle-" + invoiceKey + "-")) {
        unique.putIfAbsent(mail.messageId(), mail);
      }
    }
    return List.copyOf(unique.values());
  }

  /** Waits until {@code count} messages about the invoice were received, and answers them. */
  public List<Mail> awaitAbout(String invoiceKey, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> about(invoiceKey), received -> received.size() >= count);
  }

  /** Waits until {@code address} has received {@code count} messages, and answers them. */
  public List<Mail> awaitTo(String address, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> to(address), received -> received.size() >= count);
  }

  private static Mail read(MimeMessage message) {
    try {
      return new Mail(
          message.getMessageID(),
          message.getHeader("X-Settle-Notification", null),
          addresses(message.getRecipients(RecipientType.TO)),
          addresses(message.getRecipients(RecipientType.CC)),
          message.getSubject(),
          part(message, "text/plain"),
          part(message, "text/html"));
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("GreenMail kept a message it cannot read", e);
    }
  }

  private static List<String> addresses(Address[] addresses) {
    return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
  }

  private static String part(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type)) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String found = part(child, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    smtp.stop();
  }
}
