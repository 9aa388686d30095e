package io.settle.api.chargerun;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.settle.workflows.chargerun.ChargeRunResponse;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.INVOICES)
@RestController
@RequestMapping("/api/v1/charge-runs")
class ChargeRunController {

  private final ChargeRuns runs;

  ChargeRunController(ChargeRuns runs) {
    this.runs = runs;
  }

  @Operation(
      summary = "Charge many invoices now",
      description =
          "Starts a charge run (the workflow charge-run:<id>) over the listed invoices, or over"
              + " the merchant's invoices still owed something (only overdue ones, or one"
              + " customer's, if asked). Each is charged through its own payment workflow with"
              + " its customer's auto-pay method, a few at a time; one with a payment under way"
              + " or nothing owed is skipped, never charged twice. Poll Location for the report."
              + " Needs an admin key, or an agent key that may take payments.")
  @ApiResponse(responseCode = "202", description = "The run has started")
  @ApiResponse(
      responseCode = "409",
      description = "No invoice matches the filter",
      content = @Content)
  @PostMapping
  ResponseEntity<ChargeRunResponse> start(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody ChargeRunRequest request) {
    ChargeRunResponse started = runs.start(caller, request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/charge-runs/" + started.id()))
        .body(started);
  }

  @Operation(
      summary = "A charge run's progress and report",
      description = "Done of total, counts per outcome, and what came of each invoice.")
  @GetMapping("/{id}")
  ChargeRunResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return runs.get(caller, id);
  }
}
