package io.settle.api.notification;

import io.settle.notifications.template.RenderedMessage;
import io.swagger.v3.oas.annotations.media.Schema;

/** A template rendered with the kind's sample data. */
record TemplatePreview(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String subject,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String html,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text) {

  static TemplatePreview of(RenderedMessage message) {
    return new TemplatePreview(message.subject(), message.html(), message.text());
  }
}
