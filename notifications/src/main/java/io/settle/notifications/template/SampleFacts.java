package io.settle.notifications.template;

import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Made-up but typical facts for each kind: what a preview shows and what templates are checked on.
 */
public final class SampleFacts {

  static final NotificationKind PAY_ALL = NotificationKind.PAY_ALL_RECEIPT;

  private static final String MERCHANT = "Northwind Services";
  private static final String CUSTOMER = "Acme Ltd";
  private static final String ZONE = "America/New_York";
  private static final String LINK = "https://pay.example.com/l/inv_2026_0042";

  private SampleFacts() {}

  /** Sample facts a message of this kind typically carries. */
  public static MessageFacts forKind(NotificationKind kind) {
    return switch (kind) {
      case PAID -> invoice(123456L, 0L, 123456L, "Visa •••• 4242", null, null, null);
      case PAYMENT_FAILED ->
          invoice(
              123456L,
              123456L,
              123456L,
              "Visa •••• 4242",
              null,
              "insufficient_funds",
              Instant.parse("2026-12-09T14:00:00Z"));
      case REQUIRES_ACTION ->
          invoice(
              123456L, 123456L, 123456L, "Visa •••• 4242", LINK, "authentication_required", null);
      case DUNNING_EXHAUSTED ->
          invoice(123456L, 123456L, 123456L, "Visa •••• 4242", LINK, "card_declined", null);
      case PAYMENT_PROCESSING ->
          invoice(123456L, 123456L, 123456L, "US bank account •••• 6789", null, null, null);
      case PAYMENT_LINK -> invoice(123456L, 123456L, 123456L, null, LINK, null, null);
      case PAY_ALL_RECEIPT ->
          new MessageFacts(
              MERCHANT,
              CUSTOMER,
              null,
              null,
              null,
              null,
              "USD",
              200000L,
              "Visa •••• 4242",
              null,
              null,
              null,
              ZONE,
              List.of(
                  new MessageFacts.PaidInvoice("INV-2026-0041", 76544L),
                  new MessageFacts.PaidInvoice("INV-2026-0042", 123456L)));
      case MERCHANT_STRIPE_ACCESS ->
          new MessageFacts(
              MERCHANT,
              "",
              null,
              null,
              null,
              null,
              "USD",
              0L,
              null,
              "https://dashboard.stripe.com/apikeys",
              "api_key_expired",
              null,
              ZONE,
              List.of());
    };
  }

  /**
   * Facts with everything optional missing (no link, no retry, no decline, no invoices): the other
   * branch of every section, so a name used only inside {@code {{^hasLink}}} is checked too.
   */
  static MessageFacts bare() {
    return new MessageFacts(
        MERCHANT, CUSTOMER, null, null, null, null, "USD", 0L, null, null, null, null, ZONE, null);
  }

  /**
   * Facts with every optional fact present (link, retry, decline, invoices): every section's inside
   * runs, so each name a template uses there is checked.
   */
  static MessageFacts full() {
    return new MessageFacts(
        MERCHANT,
        CUSTOMER,
        "INV-2026-0042",
        123456L,
        123456L,
        LocalDate.of(2026, 11, 30),
        "USD",
        123456L,
        "Visa •••• 4242",
        LINK,
        "insufficient_funds",
        Instant.parse("2026-12-09T14:00:00Z"),
        ZONE,
        List.of(new MessageFacts.PaidInvoice("INV-2026-0042", 123456L)));
  }

  private static MessageFacts invoice(
      long total,
      long due,
      long amount,
      String method,
      String link,
      String declineCode,
      Instant nextRetry) {
    return new MessageFacts(
        MERCHANT,
        CUSTOMER,
        "INV-2026-0042",
        total,
        due,
        LocalDate.of(2026, 11, 30),
        "USD",
        amount,
        method,
        link,
        declineCode,
        nextRetry,
        ZONE,
        List.of());
  }
}
