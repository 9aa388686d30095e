package io.settle.stripe.gateway;

/**
 * The metadata keys Settle writes on Stripe objects, so that any object can be traced back to the
 * merchant, invoice and attempt it was made for, and found again by search.
 */
public final class SettleMetadata {

  public static final String MERCHANT_ID = "settle_merchant_id";
  public static final String INVOICE_ID = "settle_invoice_id";

  /** Comma-separated, when one payment settles several invoices. */
  public static final String INVOICE_IDS = "settle_invoice_ids";

  /**
   * The customer payment (pay-all, portal, payment link) a PaymentIntent belongs to; its webhooks
   * go to the workflow waiting for it (see WorkflowIds.ofBatch).
   */
  public static final String BATCH_ID = "settle_batch_id";

  public static final String ATTEMPT = "settle_attempt";
  public static final String IDEMPOTENCY_KEY = "settle_idempotency_key";
  public static final String CUSTOMER_ID = "settle_customer_id";

  private SettleMetadata() {}

  /** A Stripe search clause matching {@code metadata[key]} exactly. */
  public static String searchClause(String key, String value) {
    return "metadata['" + key + "']:" + quoted(value);
  }

  /** A value quoted for Stripe's search language, which escapes quotes with a backslash. */
  public static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
