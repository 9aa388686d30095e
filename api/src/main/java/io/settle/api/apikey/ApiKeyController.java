package io.settle.api.apikey;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The merchant's API keys, for its admins alone. */
@Tag(name = ApiTags.MERCHANTS)
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

  // The security chain lets every merchant role into /api/v1/**; this is for admins.
  private static final String ADMINS_ONLY = "Only an ADMIN key may manage API keys.";

  private final ApiKeyService service;

  ApiKeyController(ApiKeyService service) {
    this.service = service;
  }

  @Operation(
      summary = "Issue an API key",
      description =
          "201 with the key, shown this once and never again: store it now. A PORTAL key needs"
              + " the customerId it acts for (404 when the merchant has no such customer); other"
              + " roles take none. An AGENT key charges and records external payments only with"
              + " the receive_manual_payments permission.")
  @ApiResponse(responseCode = "201", description = "The key, shown this once")
  @PostMapping
  ResponseEntity<ApiKeyCreated> issue(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CreateApiKeyRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    ApiKeyCreated created = service.issue(caller.merchantId(), request);
    return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.id())).body(created);
  }

  @Operation(summary = "List the merchant's API keys, revoked ones too, without the keys")
  @GetMapping
  List<ApiKeyResponse> list(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return service.list(caller.merchantId());
  }

  @Operation(
      summary = "Revoke an API key",
      description = "204; the key answers 401 from then on. Revoking again is a 204 too.")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireAdmin(ADMINS_ONLY);
    service.revoke(caller.merchantId(), id);
    return ResponseEntity.noContent().build();
  }
}
