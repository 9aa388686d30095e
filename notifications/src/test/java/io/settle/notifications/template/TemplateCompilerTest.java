package io.settle.notifications.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.settle.workflows.notify.NotificationKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TemplateCompilerTest {

  private static final MessageFacts HOSTILE =
      new MessageFacts(
          "Tom & Jerry's",
          "<script>alert(1)</script>",
          "INV-1",
          100L,
          100L,
          null,
          "USD",
          100L,
          null,
          null,
          null,
          null,
          "UTC",
          List.of());

  @ParameterizedTest
  @EnumSource(NotificationKind.class)
  void everyDefaultRendersItsSampleCompletely(NotificationKind kind) {
    DefaultTemplates defaults = new DefaultTemplates();
    TemplateCompiler.check(defaults.source(kind));

    RenderedMessage message =
        defaults.compiled(kind).render(TemplateVariables.of(SampleFacts.forKind(kind)));

    assertThat(message.subject()).isNotBlank().doesNotContain("{{").doesNotContain("\n");
    assertThat(message.html()).contains("Northwind Services").doesNotContain("{{", "}}");
    assertThat(message.text()).contains("Northwind Services").doesNotContain("{{", "}}");
    assertThat(message.html()).doesNotContain("<img", "<link", "<script", "src=");
  }

  @Test
  void theDefaultsSayWhatEachKindIsAbout() {
    DefaultTemplates defaults = new DefaultTemplates();
    RenderedMessage failed = sample(defaults, NotificationKind.PAYMENT_FAILED);
    assertThat(failed.text())
        .contains("$1,234.56", "INV-2026-0042", "December 9, 2026")
        .contains("The account has insufficient funds.");
    RenderedMessage action = sample(defaults, NotificationKind.REQUIRES_ACTION);
    assertThat(action.html()).contains("href=\"https://pay.example.com/l/inv_2026_0042\"");
    RenderedMessage payAll = sample(defaults, NotificationKind.PAY_ALL_RECEIPT);
    assertThat(payAll.text()).contains("INV-2026-0041: $765.44", "INV-2026-0042: $1,234.56");
    assertThat(payAll.subject()).isEqualTo("Payment received for 2 invoices");
    RenderedMessage link = sample(defaults, NotificationKind.PAYMENT_LINK);
    assertThat(link.text()).contains("https://pay.example.com/l/inv_2026_0042");
  }

  @Test
  void valuesAreEscapedInTheHtmlBodyOnlyAndASubjectStaysOneLine() {
    CompiledTemplate template =
        TemplateCompiler.compile(
            new TemplateSource(
                "Hi {{customer.name}}\n from {{merchant.name}}",
                "<p>{{customer.name}} / {{merchant.name}}</p>",
                "{{customer.name}} / {{merchant.name}}"));

    RenderedMessage message = template.render(TemplateVariables.of(HOSTILE));

    assertThat(message.html())
        .isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt; / Tom &amp; Jerry&#39;s</p>");
    assertThat(message.text()).isEqualTo("<script>alert(1)</script> / Tom & Jerry's");
    assertThat(message.subject()).isEqualTo("Hi <script>alert(1)</script> from Tom & Jerry's");
  }

  @Test
  void aTemplateThatDoesNotParseSaysWhichPartAndLine() {
    var thrown =
        catchThrowableOfType(
            InvalidTemplateException.class,
            () ->
                TemplateCompiler.check(
                    new TemplateSource(
                        "Paid {{invoice.number}}",
                        "<p>one</p>\n<p>two</p>\n{{#hasLink}}<a href=\"{{link}}\">pay</a>",
                        "fine")));

    assertThat(thrown.errors()).hasSize(1);
    TemplateError error = thrown.errors().getFirst();
    assertThat(error.part()).isEqualTo(TemplatePart.HTML_BODY);
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.message()).containsIgnoringCase("hasLink");
  }

  @Test
  void anUnknownVariableIsNamedWithItsPartAndLine() {
    var thrown =
        catchThrowableOfType(
            InvalidTemplateException.class,
            () ->
                TemplateCompiler.check(
                    new TemplateSource(
                        "Paid {{invoice.numbr}}",
                        "<p>ok {{amount}}</p>",
                        "line one\n{{^hasNextRetry}}\n{{retryDate}}\n{{/hasNextRetry}}")));

    assertThat(thrown.errors())
        .containsExactly(
            new TemplateError(TemplatePart.SUBJECT, 1, "unknown variable 'invoice.numbr'"),
            new TemplateError(TemplatePart.TEXT_BODY, 3, "unknown variable 'retryDate'"));
    assertThat(thrown.getMessage()).contains("subject line 1", "textBody line 3");
  }

  @Test
  void theHtmlBodyMayNotInsertAValueUnescaped() {
    var thrown =
        catchThrowableOfType(
            InvalidTemplateException.class,
            () ->
                TemplateCompiler.check(
                    new TemplateSource(
                        "{{{customer.name}}}",
                        "<p>ok</p>\n<p>{{{customer.name}}}</p>\n{{& merchant.name}}\n{{=<% %>=}}",
                        "{{{customer.name}}}")));

    assertThat(thrown.errors())
        .extracting(TemplateError::part, TemplateError::line)
        .containsExactly(
            tuple(TemplatePart.HTML_BODY, 2),
            tuple(TemplatePart.HTML_BODY, 3),
            tuple(TemplatePart.HTML_BODY, 4));
  }

  @Test
  void anUnknownSectionIsRefusedToo() {
    assertThatThrownBy(
            () -> TemplateCompiler.check(new TemplateSource("{{#paid}}x{{/paid}}", "", "")))
        .isInstanceOf(InvalidTemplateException.class)
        .hasMessageContaining("subject");
  }

  @Test
  void sendingIsLenientAboutNamesItDoesNotKnow() {
    CompiledTemplate template =
        TemplateCompiler.compile(new TemplateSource("a{{nope}}b", "<p>{{nope}}</p>", "{{x.y}}"));

    assertThat(template.render(Map.of())).isEqualTo(new RenderedMessage("ab", "<p></p>", ""));
  }

  private static RenderedMessage sample(DefaultTemplates defaults, NotificationKind kind) {
    return defaults.compiled(kind).render(TemplateVariables.of(SampleFacts.forKind(kind)));
  }
}
