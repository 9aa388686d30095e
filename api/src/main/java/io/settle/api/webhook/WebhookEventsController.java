package io.settle.api.webhook;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.settle.persistence.webhook.StripeEventState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators: the merchant's Stripe events that are stuck (FAILED, waiting out a backoff; DEAD,
 * out of tries), or in any other state, and a retry for a DEAD one. Admin keys only (see
 * SecurityConfiguration).
 */
@Tag(name = ApiTags.OPERATIONS)
@RestController
class WebhookEventsController {

  private final WebhookEventOps ops;

  WebhookEventsController(WebhookEventOps ops) {
    this.ops = ops;
  }

  @Operation(summary = "List the merchant's stored Stripe events in a state, oldest first")
  @GetMapping("/api/v1/ops/webhook-events")
  List<WebhookEventView> list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "FAILED") StripeEventState state) {
    return ops.list(caller.merchantId(), state);
  }

  @Operation(
      summary = "Retry a DEAD Stripe event now, with a fresh set of attempts",
      description =
          "Hands the event over at once and answers how that went; if it fails again, the"
              + " dispatch loop goes on trying it on its backoff. 409 unless the event is DEAD.")
  @PostMapping("/api/v1/ops/webhook-events/{id}/retry")
  WebhookEventView retry(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return ops.retry(caller.merchantId(), id);
  }
}
