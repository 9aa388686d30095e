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

/**
 * The agent's payment form for new details: a PaymentIntent for Stripe.js, restricted on the server
 * to a type the merchant allows by hand. (A saved method is charged with {@code POST
 * /api/v1/invoices/{id}/charge}.)
 */
@Tag(name = ApiTags.INVOICES)
@RestController
@RequestMapping("/api/v1/invoices/{id}/payment-sessions")
class AgentPaymentController {

  private final CustomerPayments payments;

  AgentPaymentController(CustomerPayments payments) {
    this.payments = payments;
  }

  @Operation(
      summary = "Take the invoice's payment with new details, for an agent's Stripe.js form",
      description =
          "The invoice is reserved and a PaymentIntent of exactly the given type is made; the"
              + " answer carries its client secret for Stripe.js (stage AWAITING_CUSTOMER). When it"
              + " succeeds the invoice is paid; when nothing is taken by payBy the invoice is"
              + " released. 422 when the type is not one of the merchant's allowed manual payment"
              + " method types (or ACH outside USD); 409 when the invoice has nothing to pay or a"
              + " payment is under way. Needs an admin key, or an agent key with the"
              + " receive_manual_payments permission.")
  @ApiResponse(responseCode = "201", description = "The payment, waiting on the form")
  @PostMapping
  ResponseEntity<PayAllResponse> start(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody AgentPaymentSessionRequest request) {
    PayAllResponse session = payments.agentSession(caller, id, request);
    return ResponseEntity.created(
            URI.create("/api/v1/invoices/" + id + "/payment-sessions/" + session.id()))
        .body(session);
  }

  @Operation(summary = "Where an agent's payment with new details stands")
  @GetMapping("/{sessionId}")
  PayAllResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @PathVariable String sessionId) {
    return payments.agentSessionStatus(caller, id, sessionId);
  }
}
