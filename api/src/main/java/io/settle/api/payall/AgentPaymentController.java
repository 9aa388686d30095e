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
          "An agent at a desk types in the card (or bank account) the customer reads out. The"
              + " invoice is reserved for the payment and a PaymentIntent that allows exactly"
              + " paymentMethodType is made at Stripe; the answer carries its clientSecret for the"
              + " agent's Stripe.js form (stage AWAITING_CUSTOMER), and Location is where to read"
              + " how it stands. When it succeeds the invoice is paid (a payment of source AGENT);"
              + " when nothing is taken by payBy the PaymentIntent is canceled and the invoice"
              + " released. 422 when the type is not one of the merchant's allowed manual payment"
              + " method types (urn:settle:problem:payment-method-type-not-allowed), or ACH for an"
              + " invoice not in USD; 409 when the invoice has nothing to pay or its workflow will"
              + " not reserve it (a payment under way). Needs an admin key, or an agent key with"
              + " the receive_manual_payments permission.")
  @ApiResponse(responseCode = "201", description = "The payment, waiting on the agent's form")
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

  @Operation(
      summary = "Where an agent's payment with new details stands",
      description =
          "Its stage (AWAITING_CUSTOMER, PROCESSING for a bank debit on its way, SUCCEEDED,"
              + " FAILED with errorCode), amount and, while it is open, the client secret. 404 for"
              + " a session of another invoice, or a payment the customer made itself (portal,"
              + " payment link). Needs an admin key, or an agent key with the"
              + " receive_manual_payments permission.")
  @GetMapping("/{sessionId}")
  PayAllResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Parameter(
              description = "The session's id, as the POST answered it",
              example = "pa_6f1c2b7e9d0a4c3b8e5f7a1d2c3b4a59")
          @PathVariable
          String sessionId) {
    return payments.agentSessionStatus(caller, id, sessionId);
  }
}
