package io.settle.api.notification;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import io.settle.notifications.template.InvalidTemplateException;
import io.settle.notifications.template.NotificationTemplateEditor;
import io.settle.workflows.notify.NotificationKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The merchant's email templates: staff read and preview them, admins change them. */
@Tag(name = ApiTags.NOTIFICATIONS)
@RestController
@RequestMapping("/api/v1/notification-templates")
class NotificationTemplateController {

  private static final String STAFF_ONLY = "This API key may not read email templates.";
  private static final String ADMINS_ONLY = "Only an admin API key may change email templates.";

  private final NotificationTemplateEditor editor;

  NotificationTemplateController(NotificationTemplateEditor editor) {
    this.editor = editor;
  }

  @Operation(
      summary = "Every kind of email, and whether the merchant has its own template",
      description = "Kinds without the merchant's own template use Settle's default.")
  @GetMapping
  NotificationTemplateList list(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireStaff(STAFF_ONLY);
    return NotificationTemplateList.of(editor.list(caller.merchantId()));
  }

  @Operation(
      summary = "One kind's template, with the variables it may use",
      description = "The merchant's own template, or Settle's default (custom: false).")
  @ApiResponse(responseCode = "200", description = "The template")
  @GetMapping("/{kind}")
  NotificationTemplateResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Parameter(schema = @Schema(implementation = NotificationKind.class)) @PathVariable
          String kind) {
    caller.requireStaff(STAFF_ONLY);
    return NotificationTemplateResponse.of(editor.get(caller.merchantId(), kindOf(kind)));
  }

  @Operation(
      summary = "Replace one kind's template",
      description =
          "Mustache: {{name}} shows a variable (HTML-escaped in htmlBody), {{#name}}…{{/name}} a"
              + " section. A part that does not parse, or that names a variable the kind does not"
              + " have, is a 422 (problem type invalid-template) naming the part, the line and what"
              + " is wrong; nothing is saved then. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "The template as saved")
  @PutMapping("/{kind}")
  NotificationTemplateResponse save(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Parameter(schema = @Schema(implementation = NotificationKind.class)) @PathVariable
          String kind,
      @Valid @RequestBody NotificationTemplateRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    NotificationKind notificationKind = kindOf(kind);
    try {
      return NotificationTemplateResponse.of(
          editor.save(caller.merchantId(), notificationKind, request.toSource()));
    } catch (InvalidTemplateException invalid) {
      throw invalidTemplate(invalid);
    }
  }

  @Operation(
      summary = "Go back to Settle's default template for one kind",
      description =
          "Answers the default, which the kind's emails use from now on. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "The default template")
  @DeleteMapping("/{kind}")
  NotificationTemplateResponse reset(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Parameter(schema = @Schema(implementation = NotificationKind.class)) @PathVariable
          String kind) {
    caller.requireAdmin(ADMINS_ONLY);
    return NotificationTemplateResponse.of(editor.reset(caller.merchantId(), kindOf(kind)));
  }

  @Operation(
      summary = "Render a template with sample data",
      description =
          "Renders the parts given, and the merchant's current template (or the default) for the"
              + " parts left out or when there is no body, with sample data typical of the kind."
              + " Saves nothing. A template that does not parse is a 422 as for PUT.")
  @ApiResponse(responseCode = "200", description = "The rendered subject, HTML and text")
  @PostMapping("/{kind}/preview")
  TemplatePreview preview(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Parameter(schema = @Schema(implementation = NotificationKind.class)) @PathVariable
          String kind,
      @Valid @RequestBody(required = false) TemplatePreviewRequest request) {
    caller.requireStaff(STAFF_ONLY);
    NotificationKind notificationKind = kindOf(kind);
    try {
      var current = editor.get(caller.merchantId(), notificationKind).source();
      var source = request == null ? current : request.over(current);
      return TemplatePreview.of(editor.preview(caller.merchantId(), notificationKind, source));
    } catch (InvalidTemplateException invalid) {
      throw invalidTemplate(invalid);
    }
  }

  private static NotificationKind kindOf(String kind) {
    try {
      return NotificationKind.valueOf(kind);
    } catch (IllegalArgumentException unknown) {
      throw ApiProblem.notFound("notification kind", kind);
    }
  }

  private static ApiProblem invalidTemplate(InvalidTemplateException invalid) {
    List<Map<String, Object>> errors =
        invalid.errors().stream()
            .map(
                error -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("field", error.part().field());
                  if (error.line() != null) {
                    entry.put("line", error.line());
                  }
                  entry.put("message", error.message());
                  return entry;
                })
            .toList();
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        ProblemTypes.INVALID_TEMPLATE,
        "Invalid template",
        invalid.getMessage(),
        Map.of("errors", errors));
  }
}
