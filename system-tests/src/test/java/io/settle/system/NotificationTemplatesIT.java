package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant's email templates over REST on the real stack: read the default, save its own,
 * preview, refuse a broken one without saving it, and go back to the default.
 */
class NotificationTemplatesIT {

  private static final String PAID = "/api/v1/notification-templates/PAID";

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void aMerchantSavesPreviewsAndResetsItsOwnTemplate() {
    SettleHttp.Response list = api.get("/api/v1/notification-templates", merchant.adminKey);
    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    assertThat(list.body().path("data")).hasSize(8);
    assertThat(list.body().path("data"))
        .allSatisfy(entry -> assertThat(entry.path("custom").asBoolean()).isFalse());

    SettleHttp.Response byDefault = api.get(PAID, merchant.adminKey);
    assertThat(byDefault.status()).as(byDefault.raw()).isEqualTo(200);
    assertThat(byDefault.body().path("custom").asBoolean()).isFalse();
    assertThat(byDefault.body().path("subject").asText()).contains("{{invoice.number}}");
    assertThat(byDefault.body().path("variables").findValuesAsText("name"))
        .contains("invoice.number", "amount", "paymentMethod", "nextRetryDate");

    SettleHttp.Response saved =
        api.put(
            PAID,
            merchant.adminKey,
            Map.of(
                "subject", "Thanks, {{customer.name}}: {{invoice.number}} is paid",
                "htmlBody", "<p>We received {{amount}} from {{customer.name}}.</p>",
                "textBody", "We received {{amount}}.\nMethod: {{paymentMethod}}"));
    assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
    assertThat(saved.body().path("custom").asBoolean()).isTrue();
    assertThat(saved.body().path("updatedAt").isTextual()).isTrue();

    JsonNode read = api.get(PAID, merchant.adminKey).body();
    assertThat(read.path("custom").asBoolean()).isTrue();
    assertThat(read.path("htmlBody").asText())
        .isEqualTo("<p>We received {{amount}} from {{customer.name}}.</p>");
    assertThat(read.path("updatedAt").asText()).isEqualTo(saved.body().path("updatedAt").asText());

    SettleHttp.Response stored = api.post(PAID + "/preview", merchant.adminKey, null);
    assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
    assertThat(stored.body().path("subject").asText())
        .isEqualTo("Thanks, Acme Ltd: INV-2026-0042 is paid");
    assertThat(stored.body().path("html").asText())
        .isEqualTo("<p>We received $1,234.56 from Acme Ltd.</p>");
    assertThat(stored.body().path("text").asText())
        .isEqualTo("We received $1,234.56.\nMethod: Visa •••• 4242");

    SettleHttp.Response posted =
        api.post(
            "/api/v1/notification-templates/PAYMENT_FAILED/preview",
            merchant.adminKey,
            Map.of("subject", "Retry on {{nextRetryDate}}: {{declineReason}}"));
    assertThat(posted.status()).as(posted.raw()).isEqualTo(200);
    assertThat(posted.body().path("subject").asText())
        .isEqualTo("Retry on December 9, 2026: The account has insufficient funds.");
    assertThat(posted.body().path("text").asText()).doesNotContain("{{");

    SettleHttp.Response reset = api.delete(PAID, merchant.adminKey);
    assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
    assertThat(reset.body().path("custom").asBoolean()).isFalse();
    assertThat(api.get(PAID, merchant.adminKey).body().path("subject").asText())
        .isEqualTo(byDefault.body().path("subject").asText());
  }

  @Test
  void aBrokenTemplateIsA422ThatSaysWhereAndNothingIsSaved() {
    SettleHttp.Response refused =
        api.put(
            PAID,
            merchant.adminKey,
            Map.of(
                "subject", "Paid {{invoice.numbr}}",
                "htmlBody", "<p>one</p>\n<p>two</p>\n{{#hasLink}}<a href=\"{{link}}\">pay</a>",
                "textBody", "fine"));

    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().path("type").asText())
        .isEqualTo("urn:settle:problem:invalid-template");
    JsonNode errors = refused.body().path("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).path("field").asText()).isEqualTo("subject");
    assertThat(errors.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(errors.get(0).path("message").asText()).contains("invoice.numbr");
    assertThat(errors.get(1).path("field").asText()).isEqualTo("htmlBody");
    assertThat(errors.get(1).path("line").asInt()).isEqualTo(3);
    assertThat(errors.get(1).path("message").asText()).contains("hasLink");

    assertThat(api.get(PAID, merchant.adminKey).body().path("custom").asBoolean()).isFalse();

    SettleHttp.Response preview =
        api.post(PAID + "/preview", merchant.adminKey, Map.of("textBody", "{{nope}}"));
    assertThat(preview.status()).as(preview.raw()).isEqualTo(422);
    assertThat(preview.body().path("errors").get(0).path("field").asText()).isEqualTo("textBody");
  }

  @Test
  void anUnknownKindIsA404AndOversizedPartsA400() {
    SettleHttp.Response unknown =
        api.get("/api/v1/notification-templates/NO_SUCH_KIND", merchant.adminKey);
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
    assertThat(unknown.body().path("type").asText()).isEqualTo("urn:settle:problem:not-found");

    SettleHttp.Response tooLong =
        api.put(
            PAID,
            merchant.adminKey,
            Map.of("subject", "x".repeat(201), "htmlBody", "<p></p>", "textBody", ""));
    assertThat(tooLong.status()).as(tooLong.raw()).isEqualTo(400);
    assertThat(tooLong.body().path("errors").get(0).path("field").asText()).isEqualTo("subject");
  }
}
