package io.settle.notifications.template;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values a template sees, formatted from a message's raw facts. Every documented name is always
 * present (an absent fact is an empty string, an empty list or false), so a template that renders
 * against the sample data renders against any message.
 */
public final class TemplateVariables {

  /** What {@code paymentMethod} says when nothing pays the invoice automatically. */
  public static final String NO_AUTOMATIC_PAYMENT = "No automatic payment setup";

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

  private static final List<TemplateVariable> DOCUMENTED = document();

  private TemplateVariables() {}

  /** The names a template may use, with what each renders to in the sample data. */
  public static List<TemplateVariable> documented() {
    return DOCUMENTED;
  }

  /** The template's context for these facts: nested maps, so {@code invoice.number} resolves. */
  public static Map<String, Object> of(MessageFacts facts) {
    String currency = facts.currency() == null ? "" : facts.currency();
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("merchant", Map.of("name", text(facts.merchantName())));
    context.put("customer", Map.of("name", text(facts.customerName())));
    context.put(
        "invoice",
        Map.of(
            "number", text(facts.invoiceNumber()),
            "total", money(facts.invoiceTotal(), currency),
            "amountDue", money(facts.amountDue(), currency),
            "dueDate", facts.dueDate() == null ? "" : DATE.format(facts.dueDate())));
    context.put("amount", money(facts.amount(), currency));
    context.put("currency", currency);
    String method =
        facts.paymentMethodLabel() == null || facts.paymentMethodLabel().isBlank()
            ? NO_AUTOMATIC_PAYMENT
            : facts.paymentMethodLabel();
    context.put("paymentMethod", method);
    context.put("autopayMethodLabel", method);
    context.put("link", text(facts.link()));
    context.put("hasLink", facts.link() != null && !facts.link().isBlank());
    context.put("declineCode", text(facts.declineCode()));
    context.put("declineReason", DeclineReasons.sentence(facts.declineCode()));
    context.put("nextRetryDate", date(facts.nextRetryAt(), facts.timeZone()));
    context.put("hasNextRetry", facts.nextRetryAt() != null);
    context.put(
        "invoices",
        facts.invoices().stream()
            .map(
                invoice ->
                    Map.of(
                        "number",
                        text(invoice.number()),
                        "amount",
                        money(invoice.amount(), currency)))
            .toList());
    context.put("invoiceCount", facts.invoices().size());
    return context;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String money(Long minorUnits, String currency) {
    return minorUnits == null || currency.isEmpty() ? "" : MoneyFormat.format(minorUnits, currency);
  }

  /** The instant's calendar date in the merchant's zone (UTC when it has none or a bad one). */
  static String date(Instant instant, String timeZone) {
    if (instant == null) {
      return "";
    }
    ZoneId zone;
    try {
      zone = timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone);
    } catch (java.time.DateTimeException unknown) {
      zone = ZoneOffset.UTC;
    }
    return DATE.format(LocalDate.ofInstant(instant, zone));
  }

  private static List<TemplateVariable> document() {
    Map<String, Object> failed = of(SampleFacts.full());
    Map<String, Object> payAll = of(SampleFacts.forKind(SampleFacts.PAY_ALL));
    return List.of(
        variable("merchant.name", "The merchant's name, as its customers know it", failed),
        variable("customer.name", "The customer's name", failed),
        variable("invoice.number", "The invoice's number (empty on a pay-all receipt)", failed),
        variable("invoice.total", "The invoice's total, formatted for its currency", failed),
        variable("invoice.amountDue", "What the invoice still owes, formatted", failed),
        variable("invoice.dueDate", "The invoice's due date", failed),
        variable("amount", "The money the message is about (paid, failed, due), formatted", failed),
        variable("currency", "The ISO 4217 currency code", failed),
        variable(
            "paymentMethod",
            "The method that pays automatically, or \"" + NO_AUTOMATIC_PAYMENT + "\"",
            failed),
        variable("autopayMethodLabel", "The same as paymentMethod", failed),
        variable("link", "Where the customer pays or authenticates (may be empty)", failed),
        variable("hasLink", "Section: true when there is a link", failed),
        variable("declineCode", "Stripe's decline or error code (may be empty)", failed),
        variable(
            "declineReason",
            "The decline as a sentence; the code itself when Settle has no sentence for it",
            failed),
        variable(
            "nextRetryDate", "The next automatic retry's date, in the merchant's zone", failed),
        variable("hasNextRetry", "Section: true when another automatic retry will run", failed),
        new TemplateVariable(
            "invoices",
            "Section listing a pay-all receipt's invoices, each with {{number}} and {{amount}}",
            payAll.get("invoices").toString()),
        variable("invoiceCount", "How many invoices a pay-all receipt lists", payAll));
  }

  private static TemplateVariable variable(
      String name, String description, Map<String, Object> sample) {
    Object value = sample;
    for (String key : name.split("\\.")) {
      value = ((Map<?, ?>) value).get(key);
    }
    return new TemplateVariable(name, description, String.valueOf(value));
  }
}
