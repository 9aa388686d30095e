package io.settle.notifications.template;

/** The three parts of an email template, named as the API names them. */
public enum TemplatePart {
  SUBJECT("subject"),
  HTML_BODY("htmlBody"),
  TEXT_BODY("textBody");

  private final String field;

  TemplatePart(String field) {
    this.field = field;
  }

  /** The part's field name in the API. */
  public String field() {
    return field;
  }
}
