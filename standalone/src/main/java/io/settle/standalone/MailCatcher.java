package io.settle.standalone;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Run command's mail catcher: an SMTP server (GreenMail) that keeps every message the worker
 * sends, and a small web page that shows them. Nothing leaves the machine.
 *
 * <ul>
 *   <li>{@code /} lists the messages, newest first;
 *   <li>{@code /messages/{n}} shows message n's HTML body (its text body when it has none);
 *   <li>{@code /messages.json} lists them as JSON, for scripts.
 * </ul>
 */
final class MailCatcher implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GreenMail smtp;
  private final HttpServer web;

  private MailCatcher(GreenMail smtp, HttpServer web) {
    this.smtp = smtp;
    this.web = web;
  }

  static MailCatcher start(int smtpPort, int webPort) throws IOException {
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 0);
    MailCatcher catcher = new MailCatcher(smtp, web);
    web.createContext("/", catcher::serve);
    web.start();
    return catcher;
  }

  int smtpPort() {
    return smtp.getSmtp().getPort();
  }

  String webUrl() {
    return "http://localhost:" + web.getAddress().getPort();
  }

  /** One caught message: GreenMail keeps a copy per recipient, shown here once. */
  record Caught(
      int number, String messageId, String from, String to, String cc, String subject, Part body) {}

  List<Caught> messages() throws MessagingException, IOException {
    Map<String, MimeMessage> unique = new LinkedHashMap<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      String id = message.getMessageID() != null ? message.getMessageID() : "#" + unique.size();
      unique.putIfAbsent(id, message);
    }
    List<Caught> caught = new ArrayList<>();
    int number = 0;
    for (MimeMessage message : unique.values()) {
      caught.add(
          new Caught(
              ++number,
              message.getMessageID(),
              join(message.getFrom()),
              join(message.getRecipients(MimeMessage.RecipientType.TO)),
              join(message.getRecipients(MimeMessage.RecipientType.CC)),
              message.getSubject(),
              message));
    }
    return caught.reversed();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      List<Caught> messages = messages();
      if (path.equals("/messages.json")) {
        respond(exchange, "application/json", json(messages));
      } else if (path.startsWith("/messages/")) {
        int number = Integer.parseInt(path.substring("/messages/".length()));
        Caught message =
            messages.stream().filter(m -> m.number() == number).findFirst().orElse(null);
        if (message == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        respond(exchange, "text/html; charset=utf-8", page(message));
      } else {
        respond(exchange, "text/html; charset=utf-8", index(messages));
      }
    } catch (MessagingException | NumberFormatException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static String index(List<Caught> messages) {
    String rows =
        messages.stream()
            .map(
                m ->
                    "<tr><td>%d</td><td>%s</td><td>%s</td><td><a href=\"/messages/%d\">%s</a></td></tr>"
                        .formatted(
                            m.number(),
                            escape(m.to()),
                            escape(m.cc()),
                            m.number(),
                            escape(m.subject())))
            .collect(Collectors.joining("\n"));
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>Settle: caught mail</title>
        <meta http-equiv="refresh" content="5"></head>
        <body style="font-family:sans-serif"><h1>Mail Settle sent (%d)</h1>
        <p>Caught by the Run command; nothing left this machine. JSON: <a href="/messages.json">/messages.json</a></p>
        <table cellpadding="6" border="1" style="border-collapse:collapse">
        <tr><th>#</th><th>To</th><th>Cc</th><th>Subject</th></tr>
        %s
        </table></body></html>
        """
        .formatted(messages.size(), rows);
  }

  private static String page(Caught message) throws MessagingException, IOException {
    String html = part(message.body(), "text/html");
    String body =
        html != null
            ? html
            : "<pre>" + escape(String.valueOf(part(message.body(), "text/plain"))) + "</pre>";
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>%s</title></head>
        <body><p style="font-family:sans-serif;background:#eee;padding:8px">
        <a href="/">all mail</a> · From %s · To %s · Cc %s · Message-ID %s</p>%s</body></html>
        """
        .formatted(
            escape(message.subject()),
            escape(message.from()),
            escape(message.to()),
            escape(message.cc()),
            escape(message.messageId()),
            body);
  }

  /** One caught message as {@code /messages.json} lists it. */
  record Listed(
      int number,
      String messageId,
      String from,
      String to,
      String cc,
      String subject,
      String text) {}

  private static String json(List<Caught> messages) throws MessagingException, IOException {
    List<Listed> listed = new ArrayList<>();
    for (Caught m : messages) {
      listed.add(
          new Listed(
              m.number(),
              m.messageId(),
              m.from(),
              m.to(),
              m.cc(),
              m.subject(),
              part(m.body(), "text/plain")));
    }
    return JSON.writeValueAsString(listed);
  }

  /** The first part of {@code type} in the message, as text. */
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

  private static void respond(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String join(Address[] addresses) {
    return addresses == null
        ? ""
        : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
  }

  private static String escape(String text) {
    return text == null
        ? ""
        : text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }

  @Override
  public void close() {
    web.stop(0);
    smtp.stop();
  }
}
