package io.settle.api.webhook;

import static io.settle.stripe.gateway.events.EventJson.number;
import static io.settle.stripe.gateway.events.EventJson.object;
import static io.settle.stripe.gateway.events.EventJson.string;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.webhooks.HandledEvents;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.PaymentUpdate;
import java.util.Map;

/**
 * What Settle makes of a Stripe event: the signal for an invoice's workflow, or why there is none.
 * Read from the raw payload rather than stripe-java's typed objects, so an endpoint on another API
 * version still yields the few fields Settle needs.
 *
 * @param invoiceId {@code data.object.metadata.settle_invoice_id}, or null
 * @param batchId {@code data.object.metadata.settle_batch_id}: the PaymentIntent is a customer's
 *     payment (pay-all, portal, payment link) and the signal goes to the workflow waiting for it
 *     instead of the invoice's
 * @param update the signal to send, or null when nothing is to be done
 * @param ignoredBecause why nothing is to be done, or null
 */
record InvoicePaymentEvent(
    Long invoiceId, String batchId, PaymentUpdate update, String ignoredBecause) {

  private static final Map<String, PaymentUpdate.Kind> KINDS =
      Map.of(
          "payment_intent.succeeded", PaymentUpdate.Kind.SUCCEEDED,
          "payment_intent.payment_failed", PaymentUpdate.Kind.FAILED,
          "payment_intent.processing", PaymentUpdate.Kind.PROCESSING,
          "payment_intent.canceled", PaymentUpdate.Kind.CANCELED,
          "payment_intent.requires_action", PaymentUpdate.Kind.REQUIRES_ACTION);

  boolean actionable() {
    return update != null;
  }

  /** Reads an event the merchant {@code merchantId}'s endpoint received. Never throws. */
  static InvoicePaymentEvent read(long merchantId, String eventId, String type, String payload) {
    JsonObject object;
    try {
      object = object(object(JsonParser.parseString(payload), "data"), "object");
    } catch (JsonParseException | IllegalStateException e) {
      return ignored(null, "the payload is not a Stripe event");
    }
    JsonObject metadata = object(object, "metadata");
    Long invoiceId = id(string(metadata, "settle_invoice_id"));
    if (!HandledEvents.TYPES.contains(type)) {
      return ignored(invoiceId, "Settle does not subscribe to " + type);
    }
    PaymentUpdate.Kind kind = KINDS.get(type);
    if (kind == null) {
      return ignored(invoiceId, "Settle stores " + type + " but does not act on it yet");
    }
    String batchId = batchId(string(metadata, SettleMetadata.BATCH_ID));
    if (invoiceId == null && batchId == null) {
      return ignored(null, "the PaymentIntent is not one of Settle's payments");
    }
    Long owner = id(string(metadata, "settle_merchant_id"));
    if (owner != null && owner != merchantId) {
      return ignored(invoiceId, "the PaymentIntent belongs to another merchant");
    }
    String paymentIntentId = string(object, "id");
    if (paymentIntentId == null) {
      return ignored(invoiceId, "the event's object has no id");
    }
    JsonObject error = object(object, "last_payment_error");
    boolean failed = kind == PaymentUpdate.Kind.FAILED;
    return new InvoicePaymentEvent(
        invoiceId,
        batchId,
        new PaymentUpdate(
            eventId,
            paymentIntentId,
            kind,
            kind == PaymentUpdate.Kind.SUCCEEDED ? amountOf(object) : 0,
            failed ? string(error, "code") : null,
            failed ? string(error, "decline_code") : null,
            failed ? string(error, "message") : null),
        null);
  }

  /** Only the invoice id, for storing beside an event of any type. */
  static Long invoiceIdOf(String payload) {
    try {
      return id(
          string(
              object(object(object(JsonParser.parseString(payload), "data"), "object"), "metadata"),
              "settle_invoice_id"));
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  private static InvoicePaymentEvent ignored(Long invoiceId, String reason) {
    return new InvoicePaymentEvent(invoiceId, null, null, reason);
  }

  // A batch id names a workflow; one that does not is not Settle's.
  private static String batchId(String text) {
    if (text == null) {
      return null;
    }
    try {
      WorkflowIds.ofBatch(text);
      return text;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // Settle's ids are positive; anything else in metadata is not one of Settle's.
  private static Long id(String text) {
    if (text == null) {
      return null;
    }
    try {
      long id = Long.parseLong(text.strip());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long amountOf(JsonObject intent) {
    Long received = number(intent, "amount_received");
    return received == null ? 0 : received;
  }
}
