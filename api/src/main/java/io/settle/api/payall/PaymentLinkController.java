package io.settle.api.payall;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payment links: the API hands out the invoice's link; the customer opening it (no key; the
 * invoice's unguessable key is in the link) is sent to a Stripe Checkout page made then.
 */
@Tag(name = ApiTags.PAYMENT_LINKS)
@RestController
class PaymentLinkController {

  private final CustomerPayments payments;

  PaymentLinkController(CustomerPayments payments) {
    this.payments = payments;
  }

  @Operation(
      summary = "The invoice's payment link",
      description =
          "A link to send the customer. The Checkout page is made when the link is opened, and"
              + " closes after the customer window (1 hour by default); opening the link again"
              + " makes a new one. There is none for a zero total or an invoice with nothing to"
              + " pay (409).")
  @GetMapping("/api/v1/invoices/{id}/payment-link")
  PaymentLinkResponse link(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return payments.link(caller, id);
  }

  @Operation(
      summary = "Email the invoice's payment link to the customer",
      description =
          "Queues the email (kind PAYMENT_LINK) to the customer's accounts email, copying its"
              + " accounts CC address and the merchant's notification address; the worker sends it"
              + " from the merchant's template. Each call sends a new email. 409 when the invoice"
              + " has nothing to pay or the customer has no email; 403 for a portal key.")
  @ApiResponse(responseCode = "202", description = "Queued")
  @PostMapping("/api/v1/invoices/{id}/payment-link/email")
  ResponseEntity<PaymentLinkEmailResponse> email(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(payments.emailLink(caller, id));
  }

  @Operation(
      summary = "Open a payment link: redirects to the invoice's Stripe Checkout page",
      description =
          "Public: the link's invoice key is the credential. While a page is open for the"
              + " invoice, every opening goes to the same page. 409 when the invoice has nothing to"
              + " pay or a payment is under way.")
  @ApiResponse(
      responseCode = "303",
      description = "To the Stripe Checkout page (Location)",
      content = @Content)
  @SecurityRequirements
  @GetMapping("/pay/{invoiceKey}")
  ResponseEntity<Void> open(@PathVariable String invoiceKey) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create(payments.openLink(invoiceKey)))
        .build();
  }

  @Operation(summary = "Where the invoice stands, after Checkout")
  @SecurityRequirements
  @GetMapping("/pay/{invoiceKey}/paid")
  PaymentLinkStatus paid(@PathVariable String invoiceKey) {
    return payments.linkStatus(invoiceKey);
  }
}
