package io.settle.api.recurring;

import io.settle.api.openapi.ApiTags;
import io.settle.api.recurring.RecurringInvoiceActions.Backfill;
import io.settle.api.recurring.RecurringInvoiceActions.Note;
import io.settle.api.recurring.RecurringInvoiceActions.Preview;
import io.settle.api.recurring.RecurringInvoiceActions.UpcomingInvoice;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Recurring invoice templates, each a Temporal Schedule ({@code recurring-invoice:<id>}) that makes
 * one invoice per period. Admin keys change them; agents may read them.
 */
@Tag(name = ApiTags.RECURRING)
@RestController
@RequestMapping("/api/v1/recurring-invoices")
class RecurringInvoiceController {

  private static final String ADMINS_ONLY = "Only an admin API key may change recurring invoices.";
  private static final String STAFF_ONLY = "This API key may not read recurring invoices.";

  private final RecurringInvoices templates;

  RecurringInvoiceController(RecurringInvoices templates) {
    this.templates = templates;
  }

  @Operation(
      summary = "Create a recurring invoice template",
      description =
          "Makes the template and its Temporal Schedule. Each firing makes one invoice for its"
              + " period, numbered from the prefix and the period's first day, due paymentTerms"
              + " days after its date, and starts its payment workflow as any invoice's."
              + " The customer must be mapped to a Stripe customer (422 otherwise). Needs an"
              + " admin key.")
  @ApiResponse(responseCode = "201", description = "Created, with its Schedule")
  @ApiResponse(responseCode = "400", description = "Invalid template", content = @Content)
  @ApiResponse(
      responseCode = "422",
      description = "No such customer, or it has no Stripe customer",
      content = @Content)
  @ApiResponse(
      responseCode = "503",
      description = "Temporal is unreachable or has no Schedules; nothing was saved",
      content = @Content)
  @PostMapping
  ResponseEntity<RecurringInvoiceResponse> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody RecurringInvoiceRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    RecurringInvoiceResponse created = templates.create(caller.merchantId(), request);
    return ResponseEntity.created(URI.create("/api/v1/recurring-invoices/" + created.id()))
        .body(created);
  }

  @Operation(summary = "List recurring invoice templates, newest first, one page at a time")
  @GetMapping
  RecurringInvoicePage list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) Long customerId,
      @Parameter(description = "1 to 100")
          @RequestParam(defaultValue = "" + RecurringInvoices.DEFAULT_PAGE_SIZE)
          int limit,
      @RequestParam(required = false) String cursor) {
    caller.requireStaff(STAFF_ONLY);
    return templates.list(caller.merchantId(), customerId, limit, cursor);
  }

  @Operation(summary = "Read a recurring invoice template, with its status and next date")
  @GetMapping("/{id}")
  RecurringInvoiceResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireStaff(STAFF_ONLY);
    return templates.get(caller.merchantId(), id);
  }

  @Operation(
      summary = "Change a recurring invoice template",
      description =
          "A JSON merge patch: the fields sent replace the template's, a null clears an optional"
              + " one; the result is validated whole. The Schedule follows. Invoices already made"
              + " keep what they were made with. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "Changed")
  @ApiResponse(responseCode = "400", description = "Invalid template", content = @Content)
  @PatchMapping("/{id}")
  RecurringInvoiceResponse patch(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = RecurringInvoiceRequest.class)))
          @RequestBody
          JsonNode patch) {
    caller.requireAdmin(ADMINS_ONLY);
    return templates.patch(caller.merchantId(), id, patch);
  }

  @Operation(
      summary = "Delete a recurring invoice template",
      description =
          "Deletes the template and its Schedule. The invoices it made stay as they are, open"
              + " ones included. Needs an admin key.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireAdmin(ADMINS_ONLY);
    templates.delete(caller.merchantId(), id);
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "Pause a recurring invoice template",
      description =
          "Its Schedule stops firing; the note shows on the Schedule in the Temporal UI. Needs an"
              + " admin key.")
  @PostMapping("/{id}/pause")
  RecurringInvoiceResponse pause(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody(required = false) Note note) {
    caller.requireAdmin(ADMINS_ONLY);
    return templates.pause(caller.merchantId(), id, note == null ? null : note.note());
  }

  @Operation(
      summary = "Resume a paused recurring invoice template",
      description =
          "Its Schedule fires again from its next date; periods missed while paused are not"
              + " made (backfill them if they are owed). Needs an admin key.")
  @PostMapping("/{id}/resume")
  RecurringInvoiceResponse resume(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody(required = false) Note note) {
    caller.requireAdmin(ADMINS_ONLY);
    return templates.resume(caller.merchantId(), id, note == null ? null : note.note());
  }

  @Operation(
      summary = "Make the current period's invoice now",
      description =
          "Triggers the Schedule: the invoice for the period today falls in, dated today. If it"
              + " exists already, nothing new is made. Answers with the invoice it makes. Needs an"
              + " admin key.")
  @ApiResponse(responseCode = "202", description = "Triggered")
  @ApiResponse(
      responseCode = "409",
      description = "Paused, or today is outside the template's dates",
      content = @Content)
  @PostMapping("/{id}/trigger")
  ResponseEntity<UpcomingInvoice> trigger(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireAdmin(ADMINS_ONLY);
    return ResponseEntity.accepted().body(templates.trigger(caller.merchantId(), id));
  }

  @Operation(
      summary = "Make the invoices of past dates",
      description =
          "Backfills the Schedule from one day to another (both included, at most three years,"
              + " not after today): one invoice per issue date in the range, each dated and due"
              + " as if made on time. A period that has its invoice gets no second. Answers with"
              + " the invoices it makes. Needs an admin key.")
  @ApiResponse(responseCode = "202", description = "Backfilling")
  @PostMapping("/{id}/backfill")
  ResponseEntity<Preview> backfill(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody Backfill range) {
    caller.requireAdmin(ADMINS_ONLY);
    return ResponseEntity.accepted()
        .body(templates.backfill(caller.merchantId(), id, range.from(), range.to()));
  }

  @Operation(
      summary = "The next invoices a template will make",
      description = "From today: each one's date, period, due date and number.")
  @GetMapping("/{id}/preview")
  Preview preview(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Parameter(description = "1 to 36") @RequestParam(defaultValue = "12") int count) {
    caller.requireStaff(STAFF_ONLY);
    return templates.preview(caller.merchantId(), id, count);
  }
}
