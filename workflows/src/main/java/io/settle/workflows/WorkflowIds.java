package io.settle.workflows;

/**
 * The one home of workflow IDs. Each ID is derived from a domain id, so starting the same invoice's
 * workflow twice finds the running one instead of creating a second.
 */
public final class WorkflowIds {

  private static final String INVOICE_PAYMENT_PREFIX = "invoice-payment:";
  private static final String PAY_ALL_PREFIX = "pay-all:";
  private static final String PAYMENT_LINK_PREFIX = "payment-link:";
  private static final String LINK_BATCH_PREFIX = "link-";
  private static final String CUSTOMER_MAPPING_PREFIX = "customer-mapping:";
  private static final String CHARGE_RUN_PREFIX = "charge-run:";
  private static final String RECURRING_INVOICE_PREFIX = "recurring-invoice:";
  private static final String COLLECTION_RUN_PREFIX = "collection-run:";
  private static final String DAILY_RUN_PREFIX = "daily-";
  private static final String RECONCILIATION_PREFIX = "reconciliation:";

  private WorkflowIds() {}

  public static String invoicePayment(long invoiceId) {
    if (invoiceId <= 0) {
      throw new IllegalArgumentException("invoice id must be positive: " + invoiceId);
    }
    return INVOICE_PAYMENT_PREFIX + invoiceId;
  }

  /** The inverse of {@link #invoicePayment(long)}. */
  public static long invoiceIdOf(String workflowId) {
    if (workflowId == null || !workflowId.startsWith(INVOICE_PAYMENT_PREFIX)) {
      throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId);
    }
    try {
      long id = Long.parseLong(workflowId.substring(INVOICE_PAYMENT_PREFIX.length()));
      if (id <= 0) {
        throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an invoice payment workflow id: " + workflowId, e);
    }
  }

  /**
   * A customer's one payment for several invoices (portal pay-all, or one invoice paid with new
   * details): one run per batch.
   */
  public static String payAll(String batchId) {
    requireBatchId(batchId);
    if (batchId.startsWith(LINK_BATCH_PREFIX)) {
      throw new IllegalArgumentException("a payment link's batch runs as paymentLink: " + batchId);
    }
    return PAY_ALL_PREFIX + batchId;
  }

  /**
   * The invoice's payment link: at most one open Checkout page at a time, so a second opening of
   * the link finds the running one.
   */
  public static String paymentLink(long invoiceId) {
    if (invoiceId <= 0) {
      throw new IllegalArgumentException("invoice id must be positive: " + invoiceId);
    }
    return PAYMENT_LINK_PREFIX + invoiceId;
  }

  /** A payment link's batch id: unique per opening, and naming the invoice it pays. */
  public static String linkBatchId(long invoiceId, String unique) {
    paymentLink(invoiceId);
    requireBatchId(unique);
    return LINK_BATCH_PREFIX + invoiceId + "-" + unique;
  }

  /** Whether the batch is a payment link's: the customer may have left its page at any time. */
  public static boolean isPaymentLinkBatch(String batchId) {
    return batchId != null && batchId.startsWith(LINK_BATCH_PREFIX);
  }

  /**
   * The workflow that owns a batch's payment ({@link #payAll} or {@link #paymentLink}), as the
   * webhook inbox finds it from the {@code settle_batch_id} on a PaymentIntent.
   */
  public static String ofBatch(String batchId) {
    requireBatchId(batchId);
    if (!batchId.startsWith(LINK_BATCH_PREFIX)) {
      return payAll(batchId);
    }
    String rest = batchId.substring(LINK_BATCH_PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return paymentLink(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a payment link batch id: " + batchId, e);
    }
  }

  /**
   * A merchant's mapping of customers to Stripe customers by name: one run at a time, so a second
   * request while one runs finds it.
   */
  public static String customerMapping(long merchantId) {
    if (merchantId <= 0) {
      throw new IllegalArgumentException("merchant id must be positive: " + merchantId);
    }
    return CUSTOMER_MAPPING_PREFIX + merchantId;
  }

  /** The inverse of {@link #customerMapping(long)}. */
  public static long merchantIdOfCustomerMapping(String workflowId) {
    if (workflowId == null || !workflowId.startsWith(CUSTOMER_MAPPING_PREFIX)) {
      throw new IllegalArgumentException("not a customer mapping workflow id: " + workflowId);
    }
    try {
      long id = Long.parseLong(workflowId.substring(CUSTOMER_MAPPING_PREFIX.length()));
      if (id <= 0) {
        throw new IllegalArgumentException("not a customer mapping workflow id: " + workflowId);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a customer mapping workflow id: " + workflowId, e);
    }
  }

  /**
   * A customer's balance run: its credit and its cash balance at Stripe, applied to its invoices
   * one at a time.
   */
  public static String customerBalance(long customerId) {
    if (customerId <= 0) {
      throw new IllegalArgumentException("customer id must be positive: " + customerId);
    }
    return "customer-balance:" + customerId;
  }

  /** The {@code n}th invoice update a customer's balance run sends: its retries answer the same. */
  public static String customerBalanceUpdate(long customerId, long n) {
    return customerBalance(customerId) + ":" + n;
  }

  /** A charge run over many invoices: one run per id ({@code cr_…}). */
  public static String chargeRun(String runId) {
    requireBatchId(runId);
    return CHARGE_RUN_PREFIX + runId;
  }

  /**
   * The update id under which a charge run asks an invoice to charge: the same for every try, so
   * Temporal answers a retry with the first ask's outcome instead of charging again.
   */
  public static String chargeRunUpdate(String runId, long invoiceId) {
    return chargeRun(runId) + ":invoice-" + invoiceId;
  }

  /**
   * A recurring invoice template's Schedule, and the prefix of the workflows it starts (Temporal
   * appends each firing's time, so every firing is its own run).
   */
  public static String recurringInvoice(long recurringInvoiceId) {
    if (recurringInvoiceId <= 0) {
      throw new IllegalArgumentException(
          "recurring invoice id must be positive: " + recurringInvoiceId);
    }
    return RECURRING_INVOICE_PREFIX + recurringInvoiceId;
  }

  /** A merchant's daily collection run: its Schedule. */
  public static String collectionRun(long merchantId) {
    if (merchantId <= 0) {
      throw new IllegalArgumentException("merchant id must be positive: " + merchantId);
    }
    return COLLECTION_RUN_PREFIX + merchantId;
  }

  /**
   * The workflow id the daily collection run's Schedule starts: a charge run ({@code
   * charge-run:daily-<merchant>}, with the firing's time appended by Temporal), so the API shows it
   * as any charge run.
   */
  public static String dailyChargeRun(long merchantId) {
    collectionRun(merchantId);
    return chargeRun(DAILY_RUN_PREFIX + merchantId);
  }

  /**
   * The charge run's id ({@code cr_…}, or {@code daily-…} for a Schedule's) from its workflow id.
   */
  public static String chargeRunIdOf(String workflowId) {
    if (workflowId == null || !workflowId.startsWith(CHARGE_RUN_PREFIX)) {
      throw new IllegalArgumentException("not a charge run workflow id: " + workflowId);
    }
    return workflowId.substring(CHARGE_RUN_PREFIX.length());
  }

  /**
   * A merchant's daily reconciliation Schedule, and the prefix of every reconciliation run of the
   * merchant: the Schedule's (Temporal appends the firing's time) and those started by hand ({@link
   * #reconciliationRun}).
   */
  public static String reconciliation(long merchantId) {
    if (merchantId <= 0) {
      throw new IllegalArgumentException("merchant id must be positive: " + merchantId);
    }
    return RECONCILIATION_PREFIX + merchantId;
  }

  /** A reconciliation run started by hand: one per {@code unique}. */
  public static String reconciliationRun(long merchantId, String unique) {
    requireBatchId(unique);
    return reconciliation(merchantId) + ":" + unique;
  }

  /** Whether {@code workflowId} is one of the merchant's reconciliation runs. */
  public static boolean isReconciliationOf(long merchantId, String workflowId) {
    String prefix = reconciliation(merchantId);
    return workflowId != null
        && workflowId.startsWith(prefix)
        && workflowId.length() > prefix.length()
        && (workflowId.charAt(prefix.length()) == ':' || workflowId.charAt(prefix.length()) == '-');
  }

  private static void requireBatchId(String batchId) {
    if (batchId == null || batchId.isBlank() || batchId.length() > 100) {
      throw new IllegalArgumentException("a batch id is 1 to 100 characters: " + batchId);
    }
  }
}
