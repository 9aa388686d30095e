package io.settle.api.portal;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The customer portal's payment methods: portal keys only, always the key's own customer. */
@Tag(name = ApiTags.PORTAL)
@RestController
@RequestMapping("/api/v1/portal")
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content)
@ApiResponse(responseCode = "403", description = "Not a portal key", content = @Content)
class PortalPaymentMethodController {

  private final PortalPaymentMethodService service;

  PortalPaymentMethodController(PortalPaymentMethodService service) {
    this.service = service;
  }

  @Operation(
      summary = "My payment methods",
      description =
          "The saved methods, the one paying automatically, and whether I may change it (the"
              + " merchant's setting: HIDE, ONLY_IF_SET or SHOW).")
  @ApiResponse(responseCode = "200", description = "My payment methods")
  @GetMapping("/payment-methods")
  PortalPaymentMethodsView paymentMethods(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    return service.view(caller.merchantId(), caller.portalCustomerId());
  }

  @Operation(
      summary = "Start saving a card or bank account",
      description =
          "A Stripe SetupIntent whose client secret Stripe.js completes in the browser. The types"
              + " are the merchant's; US bank accounts (ACH) only when the merchant settles in"
              + " USD, verified by micro-deposits.")
  @ApiResponse(responseCode = "201", description = "The SetupIntent")
  @ApiResponse(
      responseCode = "409",
      description = "No payment method type can pay in the merchant's currency",
      content = @Content)
  @PostMapping("/setup-intents")
  ResponseEntity<PortalSetupIntent> startSetup(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(service.startSetup(caller.merchantId(), caller.portalCustomerId()));
  }

  @Operation(
      summary = "Verify a bank account with its micro-deposits",
      description =
          "The two amounts in cents, or the descriptor code. Once verified, the account is among"
              + " my payment methods.")
  @ApiResponse(responseCode = "200", description = "Verified; my payment methods")
  @ApiResponse(responseCode = "400", description = "Neither or both proofs", content = @Content)
  @ApiResponse(responseCode = "404", description = "Not my SetupIntent", content = @Content)
  @ApiResponse(
      responseCode = "422",
      description = "Stripe refused the proof (stripe-refused, with stripeCode)",
      content = @Content)
  @PostMapping("/setup-intents/{setupIntentId}/verify-microdeposits")
  PortalPaymentMethodsView verifyMicrodeposits(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String setupIntentId,
      @Valid @RequestBody MicrodepositVerificationRequest request) {
    if (!setupIntentId.matches("seti_[A-Za-z0-9]{1,250}")) {
      throw ApiProblem.notFound("setup intent", setupIntentId.length() > 40 ? "" : setupIntentId);
    }
    return service.verifyMicrodeposits(
        caller.merchantId(), caller.portalCustomerId(), setupIntentId, request);
  }

  @Operation(
      summary = "Choose the payment method that pays automatically",
      description =
          "Allowed when the merchant's portal setting is SHOW, or ONLY_IF_SET and one is set"
              + " already; otherwise 403.")
  @ApiResponse(responseCode = "200", description = "My payment methods")
  @ApiResponse(responseCode = "404", description = "Not one of my methods", content = @Content)
  @PutMapping("/payment-methods/{paymentMethodId}/autopay")
  PortalPaymentMethodsView chooseAutopay(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String paymentMethodId) {
    return service.chooseAutopay(caller.merchantId(), caller.portalCustomerId(), paymentMethodId);
  }
}
