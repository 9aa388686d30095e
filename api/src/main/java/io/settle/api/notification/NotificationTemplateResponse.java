package io.settle.api.notification;

import io.settle.notifications.template.NotificationTemplateEditor.EditableTemplate;
import io.settle.notifications.template.TemplateVariable;
import io.settle.notifications.template.TemplateVariables;
import io.settle.workflows.notify.NotificationKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One kind's template as the merchant's emails use it.
 *
 * @param custom whether it is the merchant's own; false means Settle's default
 * @param updatedAt when the merchant saved it; null for the default
 * @param variables the names the template may use
 */
record NotificationTemplateResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) NotificationKind kind,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String subject,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String htmlBody,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String textBody,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean custom,
    Instant updatedAt,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<TemplateVariable> variables) {

  static NotificationTemplateResponse of(EditableTemplate template) {
    return new NotificationTemplateResponse(
        template.kind(),
        template.source().subject(),
        template.source().htmlBody(),
        template.source().textBody(),
        template.custom(),
        template.updatedAt(),
        TemplateVariables.documented());
  }
}
