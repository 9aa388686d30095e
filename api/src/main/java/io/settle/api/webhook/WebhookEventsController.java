package io.settle.api.webhook;

import io.settle.api.security.Caller;
import io.settle.persistence.webhook.StripeEventState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For operators: the merchant's Stripe events that are stuck, or in any other state. */
@RestController
class WebhookEventsController {

  private final WebhookInbox inbox;

  WebhookEventsController(WebhookInbox inbox) {
    this.inbox = inbox;
  }

  @Operation(summary = "List the merchant's stored Stripe events in a state, oldest first")
  @GetMapping("/api/v1/ops/webhook-events")
  List<WebhookEventView> list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "FAILED") StripeEventState state) {
    return inbox.list(caller.merchantId(), state);
  }
}
