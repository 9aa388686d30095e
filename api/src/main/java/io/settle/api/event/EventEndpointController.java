package io.settle.api.event;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Where the host app receives the merchant's events, and what was delivered; admins only. */
@Tag(name = ApiTags.EVENTS)
@RestController
@RequestMapping("/api/v1/event-endpoints")
class EventEndpointController {

  // The security chain lets every merchant role into /api/v1/**; this is for admins.
  private static final String ADMINS_ONLY = "Only an admin API key may manage event endpoints.";

  private final EventEndpoints service;

  EventEndpointController(EventEndpoints service) {
    this.service = service;
  }

  @Operation(
      summary = "Register an endpoint for the merchant's events",
      description =
          "201 with the endpoint and its signing secret (evsec_…), shown this once: store it now."
              + " Each event is POSTed as JSON with the header Settle-Signature: t=<unix"
              + " seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>; refuse signatures"
              + " older than 5 minutes. Only events that happen after registration are sent. The"
              + " URL must be http(s) and must not resolve to a private, loopback, link-local,"
              + " multicast or unspecified address (400). Unknown event types are a 400.")
  @ApiResponse(responseCode = "201", description = "The endpoint, with its secret this once")
  @ApiResponse(
      responseCode = "400",
      description = "Unknown event type, or a URL Settle may not send to",
      content = @Content)
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @PostMapping
  ResponseEntity<EventEndpointResponse> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody EventEndpointRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    EventEndpointResponse created = service.create(caller.merchantId(), request);
    return ResponseEntity.created(URI.create("/api/v1/event-endpoints/" + created.id()))
        .body(created);
  }

  @Operation(summary = "The merchant's event endpoints, without their secrets")
  @ApiResponse(responseCode = "200", description = "The endpoints, oldest first")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @GetMapping
  List<EventEndpointResponse> list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return service.list(caller.merchantId());
  }

  @Operation(summary = "One event endpoint, without its secret")
  @ApiResponse(responseCode = "200", description = "The endpoint")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such endpoint", content = @Content)
  @GetMapping("/{id}")
  EventEndpointResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireAdmin(ADMINS_ONLY);
    return service.get(caller.merchantId(), id);
  }

  @Operation(
      summary = "Delete an event endpoint",
      description =
          "204; it receives nothing from then on, and its deliveries still waiting end FAILED.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such endpoint", content = @Content)
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    caller.requireAdmin(ADMINS_ONLY);
    service.delete(caller.merchantId(), id);
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "The endpoint's delivery log",
      description =
          "Each event sent or to be sent to it, newest first: status, attempts, the last response"
              + " code and when.")
  @ApiResponse(responseCode = "200", description = "One page of the log")
  @ApiResponse(responseCode = "400", description = "Invalid limit or cursor", content = @Content)
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such endpoint", content = @Content)
  @GetMapping("/{id}/deliveries")
  EventDeliveryPage deliveries(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Parameter(description = "Page size, 1 to 100")
          @RequestParam(defaultValue = "" + EventEndpoints.DEFAULT_PAGE_SIZE)
          int limit,
      @Parameter(description = "The previous page's nextCursor") @RequestParam(required = false)
          String cursor) {
    caller.requireAdmin(ADMINS_ONLY);
    return service.deliveries(caller.merchantId(), id, limit, cursor);
  }

  @Operation(
      summary = "Send one event to the endpoint again",
      description =
          "202; the worker sends it shortly, with a fresh run of retries. The receiver gets the"
              + " same event id again. Poll the delivery log for the outcome.")
  @ApiResponse(responseCode = "202", description = "The delivery, due now")
  @ApiResponse(responseCode = "403", description = "Not an admin key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such delivery", content = @Content)
  @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
  ResponseEntity<EventDeliveryResponse> redeliver(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @PathVariable long deliveryId) {
    caller.requireAdmin(ADMINS_ONLY);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/event-endpoints/" + id + "/deliveries"))
        .body(service.redeliver(caller.merchantId(), id, deliveryId));
  }
}
