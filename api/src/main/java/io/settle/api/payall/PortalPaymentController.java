package io.settle.api.payall;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** The customer portal's payments of several invoices at once, or with new details. */
@Tag(name = ApiTags.PORTAL)
@RestController
@RequestMapping("/api/v1/portal/payments")
class PortalPaymentController {

  private final CustomerPayments payments;

  PortalPaymentController(CustomerPayments payments) {
    this.payments = payments;
  }

  @Operation(
      summary = "Pay several or all outstanding invoices with one payment",
      description =
          "Portal keys only. Every invoice is reserved first (none may have a payment under way),"
              + " then one payment is made: the saved method now, or new details in the browser"
              + " (the answer carries the client secret for Stripe.js, and the invoices stay"
              + " reserved until payBy). When it succeeds it is allocated to each invoice in full;"
              + " when nothing is taken every invoice is released. A merchant's processing fee is"
              + " added to each invoice.")
  @ApiResponse(responseCode = "201", description = "The payment, made or waiting on the customer")
  @PostMapping
  ResponseEntity<PayAllResponse> pay(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody PortalPaymentRequest request) {
    PayAllResponse payment = payments.payFromPortal(caller, request);
    return ResponseEntity.created(URI.create("/api/v1/portal/payments/" + payment.id()))
        .body(payment);
  }

  @Operation(summary = "Where a portal payment stands")
  @GetMapping("/{id}")
  PayAllResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return payments.portalPayment(caller, id);
  }
}
