package io.settle.api.invoice;

import io.settle.api.security.Caller;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/invoices")
class InvoiceController {

  private final InvoiceService service;

  InvoiceController(InvoiceService service) {
    this.service = service;
  }

  @Operation(
      summary = "Create an invoice and start its payment workflow",
      description =
          "201 for a new invoice; 200 with the stored invoice when the same invoice (same number"
              + " and content) is sent again; 409 when the number exists with other content.")
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
    return service.read(caller.merchantId(), id);
  }

  @Operation(summary = "Where the invoice's payment workflow stands right now")
  @GetMapping("/{id}/workflow")
  InvoicePaymentStatus workflow(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return service.liveStatus(caller.merchantId(), id);
  }
}
