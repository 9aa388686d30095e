package io.settle.notifications.template;

/** The text of a template's three parts, as written (uncompiled). */
public record TemplateSource(String subject, String htmlBody, String textBody) {

  /** The part's text. */
  public String part(TemplatePart part) {
    return switch (part) {
      case SUBJECT -> subject;
      case HTML_BODY -> htmlBody;
      case TEXT_BODY -> textBody;
    };
  }
}
