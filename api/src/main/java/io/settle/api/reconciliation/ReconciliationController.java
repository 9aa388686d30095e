package io.settle.api.reconciliation;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators: the reconciliation janitor's runs (a daily Schedule per merchant, or started
 * here), and each run's report. Admin keys only (see SecurityConfiguration).
 */
@Tag(name = ApiTags.OPERATIONS)
@RestController
class ReconciliationController {

  private final Reconciliations reconciliations;

  ReconciliationController(Reconciliations reconciliations) {
    this.reconciliations = reconciliations;
  }

  @Operation(
      summary = "Reconcile Stripe with the ledger now",
      description =
          "Starts a reconciliation run (the workflow reconciliation:<merchant>:manual-…): it"
              + " lists the merchant's PaymentIntents made in the window at Stripe and compares"
              + " them with the ledger. A succeeded PaymentIntent without a payment (a lost"
              + " webhook) is applied through its invoice's workflow; an attempt unknown for over"
              + " an hour is looked up by its workflow; an open invoice without a workflow gets"
              + " one; what no workflow may fix is flagged. Poll Location for the report.")
  @ApiResponse(responseCode = "202", description = "The run has started")
  @PostMapping("/api/v1/ops/reconciliations")
  ResponseEntity<ReconciliationResponse> start(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestBody(required = false) ReconciliationRequest request) {
    String id = reconciliations.start(caller.merchantId(), request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/ops/reconciliations/" + id))
        .body(reconciliations.get(caller.merchantId(), id));
  }

  @Operation(
      summary = "The merchant's reconciliation runs, newest first",
      description = "At most 50, each with its drift by kind; the findings are on each run.")
  @GetMapping("/api/v1/ops/reconciliations")
  List<ReconciliationResponse> list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    return reconciliations.list(caller.merchantId());
  }

  @Operation(
      summary = "A reconciliation run's report",
      description =
          "What it checked, its drift by kind (found, fixed, flagged), and each finding with what"
              + " became of it. FLAGGED findings are for a person.")
  @GetMapping("/api/v1/ops/reconciliations/{id}")
  ReconciliationResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return reconciliations.get(caller.merchantId(), id);
  }
}
