package io.settle.api.notification;

import io.settle.notifications.template.NotificationTemplateEditor.EditableTemplate;
import io.settle.workflows.notify.NotificationKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Every kind of email, and whether the merchant has its own template for it. */
record NotificationTemplateList(List<Entry> data) {

  /**
   * @param custom whether the merchant has its own template; false means Settle's default
   * @param updatedAt when the merchant saved it; null for the default
   */
  record Entry(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) NotificationKind kind,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean custom,
      Instant updatedAt) {}

  static NotificationTemplateList of(List<EditableTemplate> templates) {
    return new NotificationTemplateList(
        templates.stream().map(t -> new Entry(t.kind(), t.custom(), t.updatedAt())).toList());
  }
}
