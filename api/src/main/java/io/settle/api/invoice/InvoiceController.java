package io.settle.api.invoice;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.view.InvoiceResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.INVOICES)
@RestController
@RequestMapping("/api/v1/invoices")
class InvoiceController {

  private final InvoiceService service;
  private final InvoiceActions actions;

  InvoiceController(InvoiceService service, InvoiceActions actions) {
    this.service = service;
    this.actions = actions;
  }

  @Operation(
      summary = "Create an invoice and start its payment workflow",
      description =
          "201 for a new invoice; 200 with the stored invoice when the same invoice (same number"
              + " and content) is sent again; 409 when the number exists with other content.")
  @ApiResponse(responseCode = "201", description = "A new invoice; its workflow has started")
  @ApiResponse(responseCode = "200", description = "The same invoice was sent before")
  @PostMapping
  ResponseEntity<InvoiceResponse> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CreateInvoiceRequest request) {
    InvoiceService.Created created = service.create(caller.merchantId(), request);
    URI location = URI.create("/api/v1/invoices/" + created.invoice().id());
    return created.isNew()
        ? ResponseEntity.created(location).body(created.invoice())
        : ResponseEntity.ok().location(location).body(created.invoice());
  }

  @Operation(summary = "Read an invoice with its lines, payments and attempts")
  @GetMapping("/{id}")
  InvoiceResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return service.read(caller, id);
  }

  @Operation(
      summary = "List invoices, newest first, one page at a time",
      description =
          "Filters combine; dueBefore and dueAfter exclude the date itself. Pass nextCursor back"
              + " as cursor for the next page; it is null on the last. A portal key lists its own"
              + " customer's invoices only.")
  @GetMapping
  InvoicePage list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Parameter(
              description =
                  "OPEN, PROCESSING, REQUIRES_ACTION, PARTIALLY_PAID, PAID, VOID or UNCOLLECTIBLE")
          @RequestParam(required = false)
          String status,
      @RequestParam(required = false) Long customerId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate dueBefore,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate dueAfter,
      @Parameter(description = "Only the invoices this recurring template made")
          @RequestParam(required = false)
          Long recurringInvoiceId,
      @Parameter(description = "1 to 100")
          @RequestParam(defaultValue = "" + InvoiceService.DEFAULT_PAGE_SIZE)
          int limit,
      @RequestParam(required = false) String cursor) {
    Long customer = customerId;
    if (caller.role() == Caller.Role.PORTAL) {
      if (caller.customerId() == null) {
        throw ApiProblem.forbidden("This API key may not do that.");
      }
      customer = caller.customerId();
    }
    return service.list(
        caller.merchantId(),
        status,
        customer,
        dueBefore,
        dueAfter,
        recurringInvoiceId,
        limit,
        cursor);
  }

  /**
   * Charge now: an agent on the phone with the customer (an AGENT key needs the
   * receive_manual_payments permission), or the customer in the portal, for its own invoices.
   */
  @Operation(
      summary = "Charge the invoice now and answer with the attempt",
      description =
          "Charges the given PaymentMethod (the customer's auto-pay method when absent) for the"
              + " given amount (everything owed when absent) and waits for the outcome: SUCCEEDED,"
              + " DECLINED, PENDING or UNKNOWN. 409 when the invoice is closed or its workflow"
              + " refuses (a payment processing or waiting on the customer, nothing owed); 422"
              + " when the amount is more than is owed.")
  @PostMapping("/{id}/charge")
  ChargeAttemptResponse charge(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody ChargeRequest request) {
    return ChargeAttemptResponse.of(actions.charge(caller, id, request));
  }

  /**
   * Money received outside Stripe, recorded by the merchant's people: an ADMIN key, or an AGENT key
   * with the receive_manual_payments permission.
   */
  @Operation(
      summary = "Record a payment received outside Stripe (cheque, wire, cash)",
      description =
          "202: the invoice's workflow has recorded it (once per reference: the same reference"
              + " again records nothing); the invoice is in Location. An amount above what is"
              + " owed is recorded too: the excess becomes the customer's credit (see"
              + " /api/v1/customers/{id}/credit). 409 when the invoice is closed.")
  @ApiResponse(responseCode = "202", description = "Recorded by the invoice's workflow")
  @PostMapping("/{id}/external-payments")
  ResponseEntity<Void> externalPayment(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody ExternalPaymentRequest request) {
    actions.recordExternalPayment(caller, id, request);
    return accepted(id);
  }

  @Operation(
      summary = "Void the invoice: nothing more is collected",
      description = "202: the invoice's workflow voids it; poll the invoice in Location.")
  @ApiResponse(responseCode = "202", description = "Passed to the invoice's workflow")
  @PostMapping("/{id}/void")
  ResponseEntity<Void> voidInvoice(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody(required = false) VoidRequest request) {
    actions.voidInvoice(caller, id, request);
    return accepted(id);
  }

  @Operation(
      summary = "Change the invoice's total or due date",
      description =
          "202: the invoice's workflow applies it (an ADJUSTMENT line for a new total); poll the"
              + " invoice in Location. 422 when the total is below what is paid.")
  @ApiResponse(responseCode = "202", description = "Passed to the invoice's workflow")
  @PatchMapping("/{id}")
  ResponseEntity<Void> change(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody InvoiceChangeRequest request) {
    actions.change(caller, id, request);
    return accepted(id);
  }

  @Operation(
      summary = "Where the invoice's payment workflow stands right now",
      description =
          "Its state, attempts, next action and problem, with the workflow id, the current run id"
              + " and the run's page in the Temporal UI (when settle.temporal-ui.base-url is set).")
  @GetMapping("/{id}/workflow")
  InvoiceWorkflowView workflow(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return service.liveStatus(caller, id);
  }

  private static ResponseEntity<Void> accepted(long invoiceId) {
    return ResponseEntity.accepted().location(URI.create("/api/v1/invoices/" + invoiceId)).build();
  }
}
