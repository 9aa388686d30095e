package io.settle.stripe.gateway.events;

/**
 * Settle's ids as written in a Stripe object's metadata (see {@link
 * io.settle.stripe.gateway.SettleMetadata}). A value that is not one of Settle's reads as null.
 *
 * @param merchantId {@code settle_merchant_id}, a positive number, or null
 * @param invoiceId {@code settle_invoice_id}, a positive number, or null
 * @param batchId {@code settle_batch_id} as written (whether it names a workflow is for the caller
 *     to decide), or null
 */
public record SettleIds(Long merchantId, Long invoiceId, String batchId) {

  static final SettleIds NONE = new SettleIds(null, null, null);
}
