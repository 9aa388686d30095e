package io.settle.api.notification;

import io.settle.notifications.template.TemplateSource;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A merchant's template for one kind: all three parts, Mustache. */
record NotificationTemplateRequest(
    @Schema(example = "Payment received for invoice {{invoice.number}}") @NotBlank @Size(max = 200)
        String subject,
    @Schema(description = "HTML; values are HTML-escaped") @NotNull @Size(max = 100_000)
        String htmlBody,
    @Schema(description = "Plain text; values are inserted as they are")
        @NotNull
        @Size(max = 100_000)
        String textBody) {

  TemplateSource toSource() {
    return new TemplateSource(subject, htmlBody, textBody);
  }
}
