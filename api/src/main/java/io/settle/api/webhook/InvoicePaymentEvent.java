package io.settle.api.webhook;

import io.settle.stripe.gateway.events.StripeEventObject;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentIntentUpdate;
import io.settle.stripe.gateway.events.StripeEventReader;
import io.settle.stripe.gateway.webhooks.HandledEvents;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.invoice.PaymentUpdate;

/**
 * What Settle makes of a Stripe event: the signal for an invoice's workflow, or why there is none.
 * The payload is read by the gateway's {@link StripeEventReader}; this decides where it goes.
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

  boolean actionable() {
    return update != null;
  }

  /** Reads an event the merchant {@code merchantId}'s endpoint received. Never throws. */
  static InvoicePaymentEvent read(long merchantId, String eventId, String type, String payload) {
    return read(merchantId, eventId, type, StripeEventReader.read(type, payload));
  }

  /** The same, from what the inbox read as it verified the delivery. */
  static InvoicePaymentEvent read(
      long merchantId, String eventId, String type, StripeEventObject object) {
    if (object instanceof StripeEventObject.Unreadable) {
      return ignored(null, "the payload is not a Stripe event");
    }
    Long invoiceId = object.settleIds().invoiceId();
    if (!HandledEvents.TYPES.contains(type)) {
      return ignored(invoiceId, "Settle does not subscribe to " + type);
    }
    if (!(object instanceof PaymentIntentUpdate intent)) {
      return ignored(invoiceId, "Settle stores " + type + " but does not act on it yet");
    }
    String batchId = batchId(intent.settleIds().batchId());
    if (invoiceId == null && batchId == null) {
      return ignored(null, "the PaymentIntent is not one of Settle's payments");
    }
    Long owner = intent.settleIds().merchantId();
    if (owner != null && owner != merchantId) {
      return ignored(invoiceId, "the PaymentIntent belongs to another merchant");
    }
    if (intent.id() == null) {
      return ignored(invoiceId, "the event's object has no id");
    }
    PaymentUpdate.Kind kind = kindOf(intent.change());
    boolean failed = kind == PaymentUpdate.Kind.FAILED;
    return new InvoicePaymentEvent(
        invoiceId,
        batchId,
        new PaymentUpdate(
            eventId,
            intent.id(),
            kind,
            kind == PaymentUpdate.Kind.SUCCEEDED ? intent.amountReceived() : 0,
            failed ? intent.errorCode() : null,
            failed ? intent.declineCode() : null,
            failed ? intent.errorMessage() : null),
        null);
  }

  private static PaymentUpdate.Kind kindOf(PaymentIntentUpdate.Change change) {
    return switch (change) {
      case SUCCEEDED -> PaymentUpdate.Kind.SUCCEEDED;
      case FAILED -> PaymentUpdate.Kind.FAILED;
      case PROCESSING -> PaymentUpdate.Kind.PROCESSING;
      case CANCELED -> PaymentUpdate.Kind.CANCELED;
      case REQUIRES_ACTION -> PaymentUpdate.Kind.REQUIRES_ACTION;
    };
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
}
