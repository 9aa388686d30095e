package io.settle.stripe.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.settle.stripe.simulator.http.FormDecoder;
import io.settle.stripe.simulator.http.Json;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.resources.checkout.CheckoutSession;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntent;
import io.settle.stripe.simulator.state.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages a person opens in a browser where Stripe would show its own: the Checkout Session's
 * page ({@code /_simulator/checkout/{id}}, the session's {@code url}), the 3-D Secure challenge
 * ({@code /_simulator/3ds/{id}}, the intent's {@code next_action} URL) and a bank transfer's
 * instructions ({@code /_simulator/bank_transfer/{id}}, its {@code hosted_instructions_url}). Each
 * shows what is paid with Pay and Fail buttons (the transfer page: one to send the transfer); the
 * buttons post back to the same address and go through the same calls as the control API, then send
 * the browser on to the success, cancel or return URL.
 */
final class CustomerPages {

  private static final Pattern PAGE =
      Pattern.compile("/(checkout|3ds|bank_transfer)/([A-Za-z0-9_]+)");
  private static final String TEST_CARD = "pm_card_visa";

  private final SimulatorControls simulator;
  private final Accounts accounts;

  CustomerPages(SimulatorControls simulator, Accounts accounts) {
    this.simulator = simulator;
    this.accounts = accounts;
  }

  /**
   * Answers {@code GET} or {@code POST} on a page's own address ({@code path} is below {@code
   * /_simulator}); false for anything else, which the control API answers.
   */
  boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    Matcher page = PAGE.matcher(path);
    if (!page.matches() || !(method.equals("GET") || method.equals("POST"))) {
      return false;
    }
    String id = page.group(2);
    String kind = page.group(1);
    if (method.equals("GET")) {
      String html =
          switch (kind) {
            case "checkout" -> checkoutPage(id);
            case "3ds" -> threeDSecurePage(id);
            default -> bankTransferPage(id);
          };
      send(exchange, html == null ? 404 : 200, html == null ? notFound(id) : html);
      return true;
    }
    Params form =
        Params.of(
            FormDecoder.decode(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    boolean pay = "pay".equals(form.string("action").orElse(""));
    String next =
        switch (kind) {
          case "checkout" -> checkoutSubmitted(id, pay);
          case "3ds" -> threeDSecureSubmitted(id, pay);
          default -> bankTransferSubmitted(id, pay);
        };
    if (next == null) {
      send(exchange, 404, notFound(id));
    } else {
      exchange.getResponseHeaders().set("Location", next);
      exchange.sendResponseHeaders(303, -1);
    }
    return true;
  }

  private String checkoutPage(String id) {
    Optional<CheckoutSession> found = session(id);
    if (found.isEmpty()) {
      return null;
    }
    CheckoutSession session = found.get();
    if (!"open".equals(session.status())) {
      return page("Checkout", "<p>This Checkout Session is " + escape(session.status()) + ".</p>");
    }
    return page(
        "Checkout",
        "<p>Pay <strong>"
            + money(session.amountTotal(), session.currency())
            + "</strong>"
            + (session.customerEmail() == null ? "" : " as " + escape(session.customerEmail()))
            + " with the test card "
            + TEST_CARD
            + ".</p>"
            + buttons("/_simulator/checkout/" + id));
  }

  /**
   * Pay: the session is paid with the test card as {@code POST /_simulator/checkout/{id}/complete}
   * pays it, then the browser goes to the success URL (or to the 3-D Secure page when the payment
   * waits for it). Fail: the customer gives up, and goes back to the cancel URL.
   */
  private String checkoutSubmitted(String id, boolean pay) {
    Optional<CheckoutSession> found = session(id);
    if (found.isEmpty()) {
      return null;
    }
    if (!pay) {
      return found.get().cancelUrl() != null
          ? found.get().cancelUrl()
          : "/_simulator/checkout/" + id;
    }
    String paymentIntent = simulator.completeCheckout(id, TEST_CARD);
    CheckoutSession after = session(id).orElseThrow();
    if ("complete".equals(after.status())) {
      return after.successUrl().replace("{CHECKOUT_SESSION_ID}", id);
    }
    return intent(paymentIntent)
        .filter(intent -> "requires_action".equals(intent.status()))
        .map(intent -> "/_simulator/3ds/" + intent.id())
        .orElse("/_simulator/checkout/" + id);
  }

  private String threeDSecurePage(String id) {
    Optional<PaymentIntent> found = intent(id);
    if (found.isEmpty()) {
      return null;
    }
    PaymentIntent intent = found.get();
    if (!"requires_action".equals(intent.status())) {
      return page(
          "3-D Secure", "<p>Nothing to authenticate: the payment is " + escape(intent.status()));
    }
    return page(
        "3-D Secure",
        "<p>Your bank asks you to confirm a payment of <strong>"
            + money(intent.amount(), intent.currency())
            + "</strong>"
            + (intent.description() == null ? "" : " for " + escape(intent.description()))
            + ".</p>"
            + buttons("/_simulator/3ds/" + id));
  }

  /**
   * Pay or Fail completes or fails the authentication as {@code POST
   * /_simulator/payment_intents/{id}/three_d_secure} does, then returns to the intent's return URL,
   * or else shows the outcome.
   */
  private String threeDSecureSubmitted(String id, boolean pay) {
    Optional<PaymentIntent> found = intent(id);
    if (found.isEmpty()) {
      return null;
    }
    if (pay) {
      simulator.completeThreeDSecure(id);
    } else {
      simulator.failThreeDSecure(id);
    }
    // A payment a Checkout page made goes back to that page, which shows how it went.
    String returnUrl = found.get().returnUrl();
    return returnUrl != null ? returnUrl : "/_simulator/3ds/" + id;
  }

  private String bankTransferPage(String id) {
    Optional<PaymentIntent> found = intent(id);
    if (found.isEmpty()) {
      return null;
    }
    PaymentIntent intent = found.get();
    if (!intent.awaitsBankTransfer()) {
      return page(
          "Bank transfer",
          "<p>Nothing to send: the payment is " + escape(intent.status()) + ".</p>");
    }
    JsonNode instructions =
        Json.tree(intent.nextAction()).path("display_bank_transfer_instructions");
    JsonNode aba = instructions.path("financial_addresses").path(0).path("aba");
    return page(
        "Bank transfer",
        "<p>Send <strong>"
            + money(instructions.path("amount_remaining").asLong(), intent.currency())
            + "</strong> by ACH or wire to:</p><dl>"
            + "<dt>Bank</dt><dd>"
            + escape(aba.path("bank_name").asText())
            + "</dd><dt>Routing number</dt><dd>"
            + escape(aba.path("routing_number").asText())
            + "</dd><dt>Account number</dt><dd>"
            + escape(aba.path("account_number").asText())
            + "</dd><dt>Reference</dt><dd>"
            + escape(instructions.path("reference").asText())
            + "</dd></dl><form method=\"post\" action=\"/_simulator/bank_transfer/"
            + id
            + "\"><button name=\"action\" value=\"pay\">Send the transfer</button></form>");
  }

  /** Send: the customer's transfer arrives, as {@code POST …/bank_transfer} sends it. */
  private String bankTransferSubmitted(String id, boolean send) {
    Optional<PaymentIntent> found = intent(id);
    if (found.isEmpty()) {
      return null;
    }
    if (send && found.get().awaitsBankTransfer()) {
      simulator.sendBankTransfer(id);
    }
    return "/_simulator/bank_transfer/" + id;
  }

  private Optional<CheckoutSession> session(String id) {
    return accounts
        .holding(CheckoutSession.class, id)
        .flatMap(account -> account.store(CheckoutSession.class).find(id));
  }

  private Optional<PaymentIntent> intent(String id) {
    return accounts
        .holding(PaymentIntent.class, id)
        .flatMap(account -> account.store(PaymentIntent.class).find(id));
  }

  private static String buttons(String action) {
    return "<form method=\"post\" action=\""
        + action
        + "\"><button name=\"action\" value=\"pay\">Pay</button> "
        + "<button name=\"action\" value=\"fail\">Fail</button></form>";
  }

  /** Minor units as the currency's decimal amount, e.g. 12000 usd as 120.00 USD. */
  private static String money(long minor, String currency) {
    return String.format(Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, upper(currency));
  }

  private static String upper(String currency) {
    return currency == null ? "" : escape(currency.toUpperCase(Locale.ROOT));
  }

  private static String notFound(String id) {
    return page("Not found", "<p>No such object: " + escape(id) + "</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + title
        + " · Stripe simulator</title></head><body><h1>"
        + title
        + "</h1>"
        + body
        + "</body></html>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void send(HttpExchange exchange, int status, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
