package io.settle.notifications.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateVariablesTest {

  @Test
  void factsAreFormattedForReading() {
    var facts =
        new MessageFacts(
            "Northwind",
            "Acme",
            "INV-1",
            123456L,
            100000L,
            LocalDate.of(2026, 11, 30),
            "USD",
            23456L,
            "Visa •••• 4242",
            "https://pay.example.com/x",
            "insufficient_funds",
            // 03:00 UTC on the 10th is still the 9th in New York.
            Instant.parse("2026-12-10T03:00:00Z"),
            "America/New_York",
            List.of());

    Map<String, Object> v = TemplateVariables.of(facts);

    assertThat(v.get("merchant")).isEqualTo(Map.of("name", "Northwind"));
    assertThat(v.get("invoice"))
        .isEqualTo(
            Map.of(
                "number", "INV-1",
                "total", "$1,234.56",
                "amountDue", "$1,000.00",
                "dueDate", "November 30, 2026"));
    assertThat(v)
        .containsEntry("amount", "$234.56")
        .containsEntry("currency", "USD")
        .containsEntry("paymentMethod", "Visa •••• 4242")
        .containsEntry("autopayMethodLabel", "Visa •••• 4242")
        .containsEntry("link", "https://pay.example.com/x")
        .containsEntry("hasLink", true)
        .containsEntry("declineCode", "insufficient_funds")
        .containsEntry("declineReason", "The account has insufficient funds.")
        .containsEntry("nextRetryDate", "December 9, 2026")
        .containsEntry("hasNextRetry", true)
        .containsEntry("invoices", List.of())
        .containsEntry("invoiceCount", 0);
  }

  @Test
  void absentFactsAreEmptyAndNoMethodSaysSo() {
    Map<String, Object> v = TemplateVariables.of(SampleFacts.bare());

    assertThat(v)
        .containsEntry("paymentMethod", "No automatic payment setup")
        .containsEntry("link", "")
        .containsEntry("hasLink", false)
        .containsEntry("declineReason", "")
        .containsEntry("nextRetryDate", "")
        .containsEntry("hasNextRetry", false);
    assertThat(v).doesNotContainValue(null);
  }

  @Test
  void aPayAllListsEachInvoiceWithItsAmount() {
    Map<String, Object> v =
        TemplateVariables.of(SampleFacts.forKind(NotificationKind.PAY_ALL_RECEIPT));

    assertThat(v.get("invoices"))
        .isEqualTo(
            List.of(
                Map.of("number", "INV-2026-0041", "amount", "$765.44"),
                Map.of("number", "INV-2026-0042", "amount", "$1,234.56")));
    assertThat(v).containsEntry("invoiceCount", 2);
  }

  @Test
  void knownDeclineCodesReadAsSentencesAndOthersAsTheirCode() {
    for (String code :
        List.of(
            "card_declined",
            "insufficient_funds",
            "expired_card",
            "incorrect_cvc",
            "authentication_required",
            "authentication_expired",
            "processing_error",
            "lost_card",
            "stolen_card",
            "generic_decline")) {
      assertThat(DeclineReasons.sentence(code)).endsWith(".").doesNotContain("_");
    }
    assertThat(DeclineReasons.sentence("velocity_exceeded")).isEqualTo("velocity_exceeded");
    assertThat(DeclineReasons.sentence(null)).isEmpty();
  }

  @Test
  void everyDocumentedVariableHasAnExample() {
    assertThat(TemplateVariables.documented())
        .allSatisfy(variable -> assertThat(variable.example()).isNotBlank());
    assertThat(TemplateVariables.documented())
        .extracting(TemplateVariable::name)
        .contains("invoice.number", "amount", "paymentMethod", "nextRetryDate", "invoices");
  }
}
