package io.settle.api.merchant;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The calling merchant's settings; admin keys only. */
@Tag(name = ApiTags.MERCHANTS)
@RestController
@RequestMapping("/api/v1/merchants/me")
class MerchantSettingsController {

  // The security chain lets every merchant role into /api/v1/**; this is for admins.
  private static final String ADMINS_ONLY =
      "Only an admin API key may read or change the merchant's settings.";

  private final MerchantSettings settings;
  private final MerchantOnboarding onboarding;

  MerchantSettingsController(MerchantSettings settings, MerchantOnboarding onboarding) {
    this.settings = settings;
    this.onboarding = onboarding;
  }

  @Operation(
      summary = "The merchant's customer and payment settings",
      description =
          "Settlement currency, auto-pay, payment method types, customer sync, the portal's"
              + " payment-method setting and notifications. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "The settings")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @GetMapping("/settings")
  PaymentSettingsResponse paymentSettings(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.paymentSettings(caller.merchantId());
  }

  @Operation(
      summary = "Replace the merchant's customer and payment settings",
      description =
          "New invoices that name no currency or auto-pay timing take these; invoices already"
              + " created keep theirs. us_bank_account (ACH) is allowed only with USD. TWO_WAY"
              + " sync needs at least one of the fields name, email. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "The settings as stored")
  @ApiResponse(responseCode = "400", description = "Invalid settings", content = @Content)
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @PutMapping("/settings")
  PaymentSettingsResponse updatePaymentSettings(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody PaymentSettingsRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.updatePaymentSettings(caller.merchantId(), request);
  }

  @Operation(
      summary = "Connect the merchant to new Stripe keys",
      description =
          "Checks the secret key with Stripe, stores it encrypted and uses it from the next Stripe"
              + " call on. The answer shows only the key's last four characters. Needs an admin"
              + " key.")
  @ApiResponse(responseCode = "200", description = "Connected")
  @ApiResponse(responseCode = "400", description = "Malformed keys", content = @Content)
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @ApiResponse(
      responseCode = "422",
      description = "Stripe rejected the key (problem type stripe-key-rejected)",
      content = @Content)
  @ApiResponse(
      responseCode = "409",
      description =
          "The key's Stripe account is another merchant's (problem type stripe-account-taken)",
      content = @Content)
  @PutMapping("/stripe")
  StripeConnectionResponse connectStripe(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody ConnectStripeRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    return onboarding.connectStripe(caller.merchantId(), request);
  }

  @Operation(
      summary = "Whether the merchant takes bank transfers",
      description =
          "Bank transfers (ACH credit, wires, USD only) reach the customer's cash balance at"
              + " Stripe and pay its USD invoices earliest due first. Needs an admin key.")
  @GetMapping("/bank-transfers")
  BankTransferSettings bankTransfers(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.bankTransfers(caller.merchantId());
  }

  @Operation(
      summary = "Turn bank transfers on or off",
      description =
          "On: customers get bank transfer instructions (GET"
              + " /api/v1/customers/{id}/bank-transfer) and what they send pays their open USD"
              + " invoices, earliest due first. Off: Settle gives no instructions and leaves new"
              + " funds at Stripe. The webhook endpoint must be saved again (PUT"
              + " /api/v1/merchants/me/webhook-endpoint) if it was registered before bank"
              + " transfers existed, so Stripe sends their events. Needs an admin key.")
  @ApiResponse(responseCode = "200", description = "The setting as stored")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @PutMapping("/bank-transfers")
  BankTransferSettings updateBankTransfers(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody BankTransferSettings request) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.updateBankTransfers(caller.merchantId(), request);
  }

  @Operation(
      summary = "The merchant's collection policy",
      description =
          "Dunning retry days, what happens when retries run out, how long a payment waits for"
              + " customer authentication, how a processing payment is polled, and the processing"
              + " fee. Needs an admin key.")
  @GetMapping("/collection-policy")
  CollectionPolicyResponse collectionPolicy(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.collectionPolicy(caller.merchantId());
  }

  @Operation(
      summary = "Replace the merchant's collection policy",
      description =
          "Applies to invoices created afterwards: running invoices keep the policy they started"
              + " with. Up to 10 retries of 1 to 60 days each; a fee of 0 to 10000 basis points;"
              + " authentication waits 1 to 720 hours; processing polls start after 5 minutes or"
              + " more and the longest poll is at least the first. Needs an admin key.")
  @PutMapping("/collection-policy")
  CollectionPolicyResponse updateCollectionPolicy(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CollectionPolicyRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.updateCollectionPolicy(caller.merchantId(), request);
  }

  @Operation(
      summary = "Create or update the merchant's webhook endpoint at Stripe",
      description =
          "Registers the URL with the merchant's Stripe account for exactly the events Settle"
              + " handles, and stores the signing secret encrypted; the secret is never returned."
              + " The URL must be absolute https (plain http only to localhost or 127.0.0.1, for"
              + " development); normally Settle's /webhooks/stripe/{merchantId} as Stripe reaches"
              + " it. Saving the same URL again updates the endpoint. Needs an admin key.")
  @PutMapping("/webhook-endpoint")
  WebhookEndpointResponse saveWebhookEndpoint(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody WebhookEndpointRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.saveWebhookEndpoint(caller.merchantId(), request.url());
  }
}
