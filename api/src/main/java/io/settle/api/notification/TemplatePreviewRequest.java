package io.settle.api.notification;

import io.settle.notifications.template.TemplateSource;
import jakarta.validation.constraints.Size;

/** A template to preview; a part left out is the merchant's current one (or the default). */
record TemplatePreviewRequest(
    @Size(max = 200) String subject,
    @Size(max = 100_000) String htmlBody,
    @Size(max = 100_000) String textBody) {

  TemplateSource over(TemplateSource current) {
    return new TemplateSource(
        subject == null ? current.subject() : subject,
        htmlBody == null ? current.htmlBody() : htmlBody,
        textBody == null ? current.textBody() : textBody);
  }
}
