package io.settle.api.webhook;

import io.settle.api.openapi.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Where each merchant's Stripe webhook endpoint points. Authenticated by the signature alone. */
@Tag(name = ApiTags.WEBHOOKS)
@RestController
class StripeWebhookController {

  private final WebhookInbox inbox;

  StripeWebhookController(WebhookInbox inbox) {
    this.inbox = inbox;
  }

  /**
   * The body is taken as bytes, untouched: the signature covers it exactly as Stripe sent it, so it
   * must never be parsed and re-serialized before it is verified.
   */
  @Operation(
      summary = "Receive a Stripe event for a merchant",
      description =
          "200 once the event is stored (also for a repeat, and when Temporal cannot be reached:"
              + " it is delivered later); 400 when the signature cannot be verified.")
  @PostMapping(path = "/webhooks/stripe/{merchantId}", produces = MediaType.APPLICATION_JSON_VALUE)
  WebhookReceipt receive(
      @PathVariable long merchantId,
      @RequestHeader(name = "Stripe-Signature", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    return inbox.receive(merchantId, body == null ? new byte[0] : body, signature);
  }
}
