package io.settle.api.merchant;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.MERCHANTS)
@RestController
@RequestMapping("/api/v1/merchants")
class MerchantController {

  private final MerchantOnboarding onboarding;

  MerchantController(MerchantOnboarding onboarding) {
    this.onboarding = onboarding;
  }

  @Operation(
      summary = "Connect a merchant to Stripe",
      description =
          "Checks the secret key with Stripe, stores it encrypted, and returns the merchant's"
              + " first admin API key (shown only here). Needs the bootstrap token.")
  @ApiResponse(responseCode = "201", description = "The merchant and its first admin key")
  @ApiResponse(
      responseCode = "409",
      description =
          "The key's Stripe account is another merchant's (problem type stripe-account-taken)",
      content = @Content)
  @PostMapping
  ResponseEntity<MerchantCreated> create(@Valid @RequestBody CreateMerchantRequest request) {
    MerchantCreated created = onboarding.create(request);
    return ResponseEntity.created(URI.create("/api/v1/merchants/me")).body(created);
  }

  @Operation(summary = "The merchant the API key belongs to")
  @GetMapping("/me")
  MerchantResponse me(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    return onboarding.get(caller.merchantId());
  }
}
